# ruff: noqa: E501 (a catalogue: each entry on its lines, read by people and by tests)
"""Every message a person reads, in Chinese and in English: one catalogue.

A message is written in the code as its English template and its values,
``msg("no {kind} file {ref!r}", kind=kind, ref=ref)``; the English template
is the message's key, as in gettext, and :data:`ZH` gives its Chinese. The
values are formatted into whichever language is asked for, when it is asked
for, so that one error object prints in Chinese on the command line and in
English in a programmer's traceback.

Why not ``gettext`` itself: its catalogues are compiled ``.mo`` files that a
wheel must ship and a test must compile, its lookup is a global switched by
the locale, and it cannot hold both languages in one object; a dict that a
test reads with ``ast`` does all this needs in a few lines, and the test
(``tests/test_messages.py``) fails when a template lacks its Chinese or the
two take different placeholders.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

LANGS = ("zh", "en")


class Message:
    """A message in both languages: its English template and its values."""

    __slots__ = ("params", "template")

    def __init__(self, template: str, params: Mapping[str, Any]) -> None:
        self.template = template
        self.params = dict(params)

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (``zh`` or ``en``); English where no Chinese is known."""
        template = ZH.get(self.template, self.template) if lang == "zh" else self.template
        values = {k: _in(v, lang) for k, v in self.params.items()}
        return template.format(**values)

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"Message({self.template!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Message):
            return (self.template, self.params) == (other.template, other.params)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.template)


def _in(value: Any, lang: str) -> Any:
    """A value in ``lang``: a message, or a Text (its ``zh`` and ``en``), else as it is."""
    if isinstance(value, Message):
        return value.text(lang)
    if hasattr(value, "zh") and hasattr(value, "en"):
        return value.en if lang == "en" else value.zh
    return value


def msg(template: str, **params: Any) -> Message:
    """The message ``template`` (English, a key of :data:`ZH`) with its values."""
    return Message(template, params)


def text(lang: str, template: str, **params: Any) -> str:
    """``msg(template, **params)`` in ``lang`` at once (help texts, labels)."""
    return Message(template, params).text(lang)


def placeholders(template: str) -> set[str]:
    """The names a template formats: ``{kind}`` and ``{ref!r}`` give kind and ref."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# English template -> Chinese template. Keep the placeholders identical.
ZH: dict[str, str] = {
    # --- the shape of every problem line
    "{where}: {message}": "{where}: {message}",
    "{message} (hint: {hint})": "{message}（提示：{hint}）",
    "error: {message}": "错误：{message}",
    "warning: {message}": "警告：{message}",
    "did you mean {name!r}?": "是不是 {name!r}？",
    "allowed keys: {keys}": "可用的键：{keys}",
    # --- argparse's own words
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个参数",
    "expected at least one argument": "至少需要一个参数",
    "expected at most one argument": "最多只能有一个参数",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "有歧义的选项：%(option)s 可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了显式参数 %r",
    "one of the arguments %s is required": "参数 %s 中必须给出一个",
    "expected %s argument": "需要 %s 个参数",
    "expected %s arguments": "需要 %s 个参数",
    # --- the command line
    "Score a budget performance self-evaluation (预算绩效自评) from YAML files.": "按规则计算预算绩效自评得分：读入事实文件（实际完成值）、指标文件（年度指标值与评分规则）"
    "和权重方案（分值与等级），给出总分、等级和每一行得分的理由。",
    "shipped indicator files (指标文件): {indicators}\nshipped weights profiles (权重方案): {weights}": "自带的指标文件：{indicators}\n自带的权重方案：{weights}",
    "examples:\n{examples}": "示例：\n{examples}",
    "output format (xlsx needs -o and the xlsx extra)": "输出格式（xlsx 需要 -o 和 xlsx 扩展）",
    "language of labels, explanations and messages (SCORING_LANG=en sets the messages alone)": "标签、说明和提示信息的语言（环境变量 SCORING_LANG=en 只改变提示信息）",
    "rows whose facts are missing: error (the default, unless the weights profile says"
    " otherwise), score zero, or drop them as not applicable": "缺少事实的行：报错（默认，除非权重方案另有规定）、记零分，或作为不适用行剔除",
    "check indicator, weights and facts files and how they fit together": "检查指标文件、权重方案和事实文件，以及它们能否配合使用",
    "Check files and folders (every *.yaml inside), and each facts file with the indicator"
    " and weights files it names. Prints one line per problem; exit status 2 when there is"
    " an error, 0 otherwise.": "检查文件和文件夹（其中每个 *.yaml），并用事实文件写明的指标文件和权重方案检查它。"
    "每个问题一行；有错误时退出码为 2，否则为 0。",
    "files or folders": "文件或文件夹",
    "indicator files (指标文件): paths, or names of shipped files such as department-common": "指标文件：路径，或自带文件的名称，如 department-common",
    "weights profile (权重方案): a path, or the name of a shipped one such as"
    " yueyang-department": "权重方案：路径，或自带方案的名称，如 yueyang-department",
    "write to FILE (atomically: all of it or nothing) instead of standard output": "写入文件 FILE（原子写入：要么完整写入，要么不写），而不是输出到屏幕",
    "{format} output is a file, not text": "{format} 输出是文件，不是文本",
    "add -o FILE.{format}": "加上 -o 文件名.{format}",
    "{file}: {reason}": "{file}：{reason}",
    "scoring: {percent}% of {total} rows": "scoring：已完成 {percent}%，共 {total} 行",
    # --- names (facts and indicators by their Chinese names)
    "no {what} is called {key!r} here": "这里没有名为 {key!r} 的{what}",
    "write the {what}'s id, or its Chinese name as its indicator file gives it": "写{what}的 id，或指标文件中给出的中文名称",
    "{what} {target!r} is given twice: as {first!r} and as {second!r}": "{what} {target!r} 给了两次：{first!r} 和 {second!r}",
    "keep one of them": "只保留其中一个",
    "fact": "事实",
    "indicator": "指标",
    "column {name!r} is no fact's name here": "列名 {name!r} 不是这里任何事实的名称",
    "name the column by the fact's id, or its Chinese name as its indicator file gives it": "用事实的 id 或指标文件中给出的中文名称作列名",
    "fact {fact!r} has two columns: {first!r} and {second!r}": "事实 {fact!r} 有两列：{first!r} 和 {second!r}",
    # --- facts files
    "fact {name!r} is still empty": "事实 {name!r} 还没有填写",
    "fill in its value after 'value:'": "在 value: 后填入它的值",
    "missing facts: {names}": "缺少事实：{names}",
    "{fact} (for {indicator})": "{fact}（{indicator} 用到）",
    "add each of them under 'facts:' in the facts file": "在事实文件的 facts: 下逐一补上",
    # --- scoring init
    "start a facts file (事实文件) to fill in, from the indicator and weights files": "按指标文件和权重方案生成待填写的事实文件",
    "Write a facts file with every fact the chosen indicator files read, each with its Chinese"
    " name, unit and where the number is usually found, and an empty value to fill in.": "生成一个事实文件：列出所选指标文件用到的每个事实，附中文名称、单位和数据通常的来源，"
    "值留空待填。",
    "a project self-evaluation (项目支出绩效自评): also writes its indicator and weights files"
    " beside the facts file, to rename and adjust": "项目支出绩效自评：同时在事实文件旁生成指标文件和权重方案，供改名和调整",
    "the unit's name (单位名称) for the header": "表头的单位名称",
    "the year (年度) for the header": "表头的年度",
    "the facts file to write": "要生成的事实文件",
    "--year {year} is not a year from 1900 to 2999": "--year {year} 不是 1900 到 2999 之间的年份",
    "{path} is not a regular file": "{path} 不是普通文件",
    "name a new .yaml file": "换一个新的 .yaml 文件名",
    "{path} exists already": "{path} 已经存在",
    "name a new file; init never replaces a facts file": "换一个新文件名；init 不会覆盖已有的事实文件",
    "name another facts file with -o": "用 -o 换一个事实文件名",
    "--project writes its own indicator and weights files": "--project 会自己生成指标文件和权重方案",
    "leave out --indicators and --weights": "去掉 --indicators 和 --weights",
    "init needs the indicator files and the weights profile to start from": "init 需要知道从哪些指标文件和哪个权重方案开始",
    "add --indicators NAME ... --weights NAME (or --project)": "加上 --indicators 名称 ... --weights 名称（或 --project）",
    "use --indicators": "使用 --indicators",
    "use --weights": "使用 --weights",
    "score one unit's year from a facts file or a self-evaluation sheet": "按事实文件或自评表为一个单位的一个年度评分",
    "Score one unit's year. The facts file names the indicator and weights files it is scored"
    " with; --indicators and --weights override them. A sheet (项目支出 or 部门整体支出绩效自评表)"
    " is scored by the national default rules, or by the rules of the indicator files and the"
    " settings of the weights profile named.": "为一个单位的一个年度评分。事实文件写明所用的指标文件和权重方案，"
    "--indicators 和 --weights 可以改用别的。自评表（项目支出或部门整体支出绩效自评表）"
    "按国家默认规则评分，或按所给指标文件的规则和权重方案的设置评分。",
    "the facts file (YAML), or a self-evaluation sheet (.xlsx, .xls, .csv)": "事实文件（YAML），或自评表（.xlsx、.xls、.csv）",
    "fit the text table into N columns (default: the terminal's width; as wide as it needs when the output is not a terminal)": "把文本表格排进 N 列宽（默认：终端宽度；输出不是终端时不限宽度）",
    "count ≤ ≥ “ ” … as two columns wide, as East Asian terminals draw them": "把 ≤ ≥ “ ” … 按两列宽计算（东亚终端就是这样显示的）",
    "--width {width} is too narrow for the table": "--width {width} 太窄，放不下表格",
    "give 40 columns or more": "请给 40 列或更宽",
    "file is not UTF-8 text (nor GB18030)": "文件不是 UTF-8 文本（也不是 GB18030）",
    "save it as UTF-8 ({how})": "请另存为 UTF-8（{how}）",
    "read as GB18030 (Chinese Windows), not UTF-8": "按 GB18030（中文 Windows 编码）读取，不是 UTF-8",
    "save it as UTF-8 to be sure every character reads as meant": "另存为 UTF-8，才能确保每个字符都按原意读取",
    # --- scoring audit (自评复核)
    "the points do not add up to the full score": "分值合计不等于满分",
    "a group's points are not the sum of its rows": "指标组标明的分值不等于其各行分值之和",
    "a row's score does not follow its rule": "得分与评分规则不符",
    "a row's score is above its points": "得分高于分值",
    "a row's score is negative": "得分为负数",
    "the total is not the sum of the rows": "总分不等于各行得分之和",
    "the execution rate is not spent ÷ budget": "执行率不等于全年执行数 ÷ 全年预算数",
    "the execution points do not follow the rate": "预算执行率得分与执行率不符",
    "a funds total is not the sum of its lines": "资金总额不等于其中各项之和",
    "a funds total is empty or 0 while its lines are filled": "资金总额为空或为 0，而其中各项已填写",
    "points lost on a row whose target is met": "指标已完成却被扣分",
    "a row below target with no deviation reason": "未完成目标却未写偏差原因",
    "a row far beyond target with no deviation reason": "大幅超额完成却未写偏差原因",
    "a qualitative score outside its verdict's band": "定性指标得分不在所选档次的分数范围内",
    "the grade does not match the total": "等级与总分不符",
    "the achieved value is not a number": "实际完成值不是数字",
    "the achieved value is written like a target": "实际完成值写成了指标值的样子",
    "the achieved value's unit differs from the target's": "实际完成值的单位与指标值不同",
    "the recomputed total changes the grade": "重新计算的总分改变了等级",
    "a cell cannot be read": "单元格无法读取",
    "the rows' 分值 add up to {added}, not the full score {full}": "各行分值合计为 {added}，不等于满分 {full}",
    "{name} states {stated} points but its rows' 分值 add up to {added}": "{name} 标明 {stated} 分，但其各行分值合计为 {added}",
    "得分 {score} of {name} is negative": "{name} 的得分 {score} 为负数",
    "得分 {score} of {name} is above its 分值 {points}": "{name} 的得分 {score} 高于其分值 {points}",
    "{name}: {value} meets the target {target}, which earns all {points} points": "{name}：实际完成值 {value} 已达到指标值 {target}，应得满分 {points} 分",
    "{name}: {value} against the target {target} earns {computed} under the rule {rule}": "{name}：实际完成值 {value}、指标值 {target}，按“{rule}”规则应得 {computed} 分",
    "the target {target} is a number, but the achieved value {value!r} is not": "指标值 {target} 是数字，但实际完成值 {value!r} 不是数字",
    "the achieved value {value!r} is in {unit!r}, the target {target} in {target_unit!r}": "实际完成值 {value!r} 的单位是 {unit!r}，指标值 {target} 的单位是 {target_unit!r}",
    "the achieved value {value!r} is written with an operator, like the target {target}; it is read as the number": "实际完成值 {value!r} 带比较符号，像指标值 {target} 一样；按其中的数字计",
    "{name}: the verdict {band} gives {low} to {high} of {points} points, not {score}": "{name}：所选档次“{band}”对应 {points} 分中的 {low} 至 {high} 分，而不是 {score} 分",
    "{name} is below its target {target} (or lost points) and gives no 偏差原因": "{name} 未达到指标值 {target}（或被扣分），却没有写偏差原因",
    "{name} is {ratio}% of its target {target}, beyond {flag}%, and gives no 偏差原因": "{name} 为指标值 {target} 的 {ratio}%，超过 {flag}%，却没有写偏差原因",
    "{total} is {said} while its 其中 lines add up to {added}": "{total} 为 {said}，而其中各项合计为 {added}",
    "{total} is {said} but its 其中 lines add up to {added}": "{total} 为 {said}，但其中各项合计为 {added}",
    "执行率 {said}% is not 全年执行数 ÷ 全年预算数 = {right}%; it is the rate on 年初预算数 instead": "执行率 {said}% 不等于 全年执行数 ÷ 全年预算数 = {right}%；它是按年初预算数算出的执行率",
    "执行率 {said}% is not 全年执行数 ÷ 全年预算数 = {right}%": "执行率 {said}% 不等于 全年执行数 ÷ 全年预算数 = {right}%",
    "执行率 {rate}% of {points} points earns {computed}": "执行率 {rate}%，分值 {points} 分，应得 {computed} 分",
    "总分 {said} is not the sum of the rows' 得分, {added}": "总分 {said} 不等于各行得分之和 {added}",
    "总分 {total} is 等级 {grade} under the bands {bands}, not {said}": "按等级标准 {bands}，总分 {total} 的等级是 {grade}，不是 {said}",
    "recomputed, the total is {computed} and the grade {grade}, not {said}": "重新计算后总分为 {computed}，等级为 {grade}，不是 {said}",
    "{message}": "{message}",
    "review submitted sheets: every figure that does not follow (自评复核)": "复核报送的自评表：找出每一处对不上的数字（自评复核）",
    "Re-compute every sheet named (files, or folders of .xlsx, .xls and .csv sheets) and"
    " list each figure that does not follow: its cell, the sheet's figure, the computed"
    " one, the difference and the rule. Exit status 0 with no finding, 1 with findings,"
    " 2 when a file cannot be read.": "重新计算所给的每张自评表（文件，或存放 .xlsx、.xls、.csv 自评表的文件夹），"
    "列出每一处对不上的数字：单元格、表中数字、计算结果、差额和规则。"
    "没有问题时退出码为 0，有问题时为 1，有文件无法读取时为 2。",
    "scoring audit: {done} of {total} files": "scoring audit：已复核 {done} / {total} 个文件",
    "this folder holds no .xlsx, .xls or .csv sheet": "这个文件夹里没有 .xlsx、.xls 或 .csv 自评表",
    "no such file or folder": "没有这个文件或文件夹",
    "error": "错误",
    "warning": "警告",
    "code": "代码",
    "severity": "严重程度",
    "cell": "单元格",
    "sheet's figure": "表中数字",
    "computed": "计算结果",
    "difference": "差额",
    "finding": "问题",
    "unit": "单位",
    "findings": "问题清单",
    "summary": "汇总",
    "count": "个数",
    "sheets": "自评表数",
    "sheets with findings": "有问题的自评表数",
    "files not read": "无法读取的文件数",
    "{file} ({unit}): {count} findings": "{file}（{unit}）：{count} 个问题",
    "sheet {said}, computed {computed}, difference {difference}": "表中 {said}，计算 {computed}，差额 {difference}",
    "{file}: cannot be read": "{file}：无法读取",
    "{sheets} sheets audited, {with_findings} with findings, {findings} findings"
    " ({errors} errors, {warnings} warnings); {unreadable} files not read": "共复核 {sheets} 张自评表，{with_findings} 张有问题，共 {findings} 个问题"
    "（错误 {errors} 个，警告 {warnings} 个）；{unreadable} 个文件无法读取",
    "findings by code:": "按代码统计：",
    "sheets by how far the printed total is from the computed one:": "按表中总分与计算总分之差排序：",
    "{difference:>8}  {file}: printed {printed}, computed {computed}": "{difference:>8}  {file}：表中 {printed}，计算 {computed}",
    # --- numbers in sheet cells, facts files audited, our own reports skipped (issues 10, 12)
    "{what}: {problem}": "{what}：{problem}",
    "write a plain number such as 1234.5": "写成普通数字，如 1234.5",
    "add under 'facts:' (this line): {facts}": "在 facts:（这一行）下补上：{facts}",
    "give each of them: {facts}": "逐一补上：{facts}",
    "{fact}: its value": "{fact}：它的值",
    "{fact}: {name}": "{fact}：{name}",
    "{fact}: {name} ({unit})": "{fact}：{name}（{unit}）",
    "{described}, from {found_in}": "{described}，数据来源：{found_in}",
    "a report written by scoring audit, not a sheet": "这是 scoring audit 写出的复核报告，不是自评表",
    "an indicator file, not a sheet or facts file": "这是指标文件，不是自评表或事实文件",
    "a weights file, not a sheet or facts file": "这是权重方案，不是自评表或事实文件",
    "a table for scoring batch, not a sheet or facts file": "这是 scoring batch 用的表格，不是自评表或事实文件",
    "a YAML file with no 'facts:', not a sheet or facts file": "这个 YAML 文件没有 facts:，不是自评表或事实文件",
    "nothing to compare: the facts file has no self_scores (the clerk's 得分); scored by its rules, the total is {total}": "没有可核对的得分：事实文件中没有 self_scores（自评得分）；按其规则计算，总分为 {total}",
    "{file} ({unit}): {note}": "{file}（{unit}）：{note}",
    "{file}: skipped: {reason}": "{file}：已跳过：{reason}",
    "{skipped} files skipped: not sheets": "{skipped} 个文件不是自评表，已跳过",
    "files skipped": "已跳过的文件数",
    # --- scoring monitor (mid-year monitoring)
    "spending so far, 执行数": "执行数",
    "the year's budget, 全年预算数": "全年预算数",
    "{what} is at {ratio} of where it should be by the end of month {month}, beyond the plausible {bound}": "{what} 达到截至 {month} 月底应达到进度的 {ratio}，超过合理上限 {bound}",
    "give at least one band": "至少给出一个色带",
    "the bands must cover every ratio: start the lowest at -inf and end the highest at +inf": "色带必须覆盖所有进度值：最低一档从 -inf 开始，最高一档到 +inf 为止",
    "each status may have one band only: {statuses} has more": "每种状态只能有一个色带：{statuses} 有多个",
    "a higher ratio must never get a worse status: order the bands red, yellow, green, blue from the lowest ratios up": "进度越高状态不能越差：请从低到高按红、黄、绿、蓝排列色带",
    "the month must be 1 to 12, not {month}": "月份必须是 1 到 12，而不是 {month}",
    "a deviation note is given for {id!r}, which is neither {spending!r} nor an indicator here": "为 {id!r} 填写了偏差说明，但它既不是 {spending!r} 也不是这里的指标",
    "check that the figure is for the year so far, in the indicator's unit": "请核实该数字是本年截至目前的累计数，且单位与指标一致",
    "an indicator has the id {id!r}, which monitoring keeps for the spending row": "有指标的 id 是 {id!r}，这个 id 留给运行监控的预算执行进度行",
    "no month to monitor: the facts do not say which month they are as of": "没有监控月份：事实文件没有写明数据截至哪个月",
    "monitoring needs the fact {name!r} ({what})": "运行监控需要事实 {name!r}（{what}）",
    "the fact {name!r} ({what}) must be a number": "事实 {name!r}（{what}）必须是数字",
    "spending so far {spent} is more than the year's budget {budget} ({rate})": "截至目前的执行数 {spent} 超过了全年预算数 {budget}（{rate}）",
    "{id!r} is done in month {done}, after the month monitored ({month})": "{id!r} 的完成月份是 {done} 月，晚于监控月份（{month} 月）",
    "'cumulative' names {id!r}, which is not an indicator here": "cumulative 中的 {id!r} 不是这里的指标",
    "indicator {id!r} is a rate (unit %), so it cannot be cumulative: a rate is compared with its target itself, not pro rata": "指标 {id!r} 是比率（单位 %），不能按时序累计：比率直接与年度指标值比较，不按月份折算",
    "{id!r} is both cumulative and excluded": "{id!r} 同时列在累计指标和不监控指标中",
    "'exclude' names {id!r}, which is not an indicator here": "exclude 中的 {id!r} 不是这里的指标",
    "give the indicator another id": "给这个指标换一个 id",
    "add 'as_of: 6' (the month, 1 to 12) to the facts file, or give --month 6": "在事实文件中加上 as_of: 6（月份，1 到 12），或使用 --month 6",
    "use {spending!r} or an indicator id": "使用 {spending!r} 或指标的 id",
    "add '{name}:' under 'facts:' with the figure as of the month": "在 facts: 下加上 {name}:，填写截至该月的数字",
    "check the budget: it is the year's budget after adjustments (全年预算数)": "请核对预算数：应为调整后的全年预算数",
    "spending": "预算执行进度",
    "give the month it was done, or false when it is not done yet": "填写完成的月份；尚未完成时填 false",
    "remove {id!r} from 'cumulative:'": "从 cumulative: 中去掉 {id!r}",
    "indicator {id!r} has a deadline ({target}), so it cannot be cumulative": "指标 {id!r} 是截止时间（{target}），不能按时序累计",
    "keep it in one of 'cumulative:' and 'exclude:'": "只在 cumulative: 和 exclude: 之一中保留它",
    "list indicator ids": "请列出指标的 id",
    "remove {id!r} from 'cumulative:'; a deadline is monitored as one": "从 cumulative: 中去掉 {id!r}；截止时间类指标会按截止时间监控",
    "the budget {budget} must be above 0": "预算数 {budget} 必须大于 0",
    "spending so far {spent} cannot be negative": "执行数 {spent} 不能为负数",
    "the deviation note of {id!r} gives neither 'reason' nor 'measure'": "{id!r} 的偏差说明既没有 reason 也没有 measure",
    "write 'reason:' (偏差原因) and 'measure:' (纠偏措施)": "填写 reason:（偏差原因）和 measure:（纠偏措施）",
    "no monitoring profile {ref!r}": "没有监控方案 {ref!r}",
    "'extends' goes round in a loop, or too deep": "extends 形成了循环，或层数太深",
    "this is a weights profile, not a monitoring profile": "这是权重方案，不是监控方案",
    "the status bands": "状态色带",
    "the spending facts": "预算执行的事实",
    "'share' is a percent of the budget, below 100, not {given}": "share 是预算的百分比，应小于 100，而不是 {given}",
    "give a path to a .yaml file, or a shipped name such as {name!r}": "给出 .yaml 文件的路径，或自带方案的名称，如 {name!r}",
    "a monitoring profile may extend another, which must not extend it back": "监控方案可以继承另一个方案，但被继承的方案不能反过来继承它",
    "name a monitoring profile such as {name!r}; a weights profile's own 'monitoring:' section is used with it": "请给出监控方案，如 {name!r}；权重方案自己的 monitoring: 部分会随权重方案一起使用",
    "'rollup' must be one of {options}, not {given!r}": "rollup 必须是 {options} 之一，而不是 {given!r}",
    "worst: the worst row's status; median: the middle row's": "worst：取最差行的状态；median：取中间行的状态",
    "'mismatch' is in percentage points, above 0 and at most 100, not {given}": "mismatch 以百分点计，应大于 0 且不超过 100，而不是 {given}",
    "'plausible' is a percent of where a row should be, above 100, not {given}": "plausible 是应达到进度的百分比，应大于 100，而不是 {given}",
    "300 warns of a figure at more than three times its schedule": "300 表示超过时序进度三倍的数字会被提示",
    "status {given!r} must be one of {options}": "状态 {given!r} 必须是 {options} 之一",
    "status bands: {problem}": "状态色带：{problem}",
    "bands are ratios in percent of where a row should be by now, e.g. red (-inf, 80), yellow [80, 100), green [100, 130), blue [130, +inf)": "色带按进度（占应达到的百分比）划分，如 red (-inf, 80)、yellow [80, 100)、green [100, 130)、blue [130, +inf)",
    "'min' is a percent of the budget, at most 100, not {given}": "min 是预算的百分比，不超过 100，而不是 {given}",
    "month {month} is in the schedule twice": "进度要求中 {month} 月出现了两次",
    "{key!r} names a fact: ASCII letters, digits and _, not {given!r}": "{key!r} 是事实的名称：只能用 ASCII 字母、数字和 _，而不是 {given!r}",
    "e.g. spending, budget: the facts the execution rate is computed from": "如 spending、budget：计算预算执行率所用的事实",
    "'cumulative' lists indicator ids": "cumulative 列出的是指标的 id",
    "{id!r} is listed twice in 'cumulative'": "{id!r} 在 cumulative 中列了两次",
    "the exclusion of {id!r} needs its reason as text": "不监控 {id!r} 需要写明理由（文字）",
    "write why this row is not monitored during the year": "写明年中为什么不监控这一行",
    "the monitoring profile gives no {key!r} ({meaning})": "监控方案没有给出 {key!r}（{meaning}）",
    "the four colours, from the least progress up": "四种颜色，按进度从低到高",
    "bad range {given!r}: {reason}": "区间 {given!r} 有误：{reason}",
    "write [a, b) with [ or ] for an edge that is included (含), ( or ) for one that is not, and -inf or +inf for an open end": "写成 [a, b) 的形式：包含端点（含）用 [ 或 ]，不包含用 ( 或 )，没有端点用 -inf 或 +inf",
    "the schedule asks {later}% by month {month}, less than the {earlier}% by month {before}: a cumulative minimum cannot fall": "进度要求 {month} 月底为 {later}%，低于 {before} 月底的 {earlier}%：累计进度要求不能下降",
    "add '{key}:', or 'extends: {name}' to take the shipped defaults": "加上 {key}:，或用 extends: {name} 采用自带的默认值",
    "this is a monitoring profile, not a weights profile": "这是监控方案，不是权重方案",
    "give it to scoring monitor with --monitoring; --weights names the scoring sheet": "请用 scoring monitor 的 --monitoring 给出它；--weights 给出的是评分表",
    "mid-year monitoring (绩效运行监控): progress against time, with warnings": "绩效运行监控：按时序进度检查支出和目标进度，并给出预警",
    "Monitor one unit's year as of a month: spending and each target's progress against"
    " time progress (month ÷ 12), a status colour per row, group and unit, the gap of every"
    " row off track and the reasons and measures still missing. The thresholds come from"
    " the weights profile's monitoring section, or the shipped default.": "按截至月份监控一个单位的年度：预算执行和每个指标的进度与时序进度（月份 ÷ 12）对比，"
    "给出每行、每组和单位整体的状态颜色、每个未达绿色行的差距，以及尚未填写的偏差原因和纠偏措施。"
    "阈值取自权重方案的 monitoring 部分，或自带的默认方案。",
    "the facts file (YAML), as of the month": "截至该月份的事实文件（YAML）",
    "the month the facts are as of, 1 to 12 (default: the facts file's as_of)": "数据截至的月份，1 到 12（默认取事实文件的 as_of）",
    "monitoring profile: a path, or a shipped name such as default (default: the weights"
    " profile's monitoring section)": "监控方案：路径，或自带方案的名称，如 default（默认取权重方案的 monitoring 部分）",
    "{given!r} is not a month: give 1 to 12": "{given!r} 不是月份：请给出 1 到 12",
    "the facts file is as of month {as_of}; --month {month} is used": "事实文件的数据截至 {as_of} 月；按 --month {month} 监控",
    "give the month the figures are for, or change 'as_of:'": "给出数据所属的月份，或修改 as_of:",
    # --- self-evaluation sheets (files/sheets, cli/import_sheet.py)
    "{text!r}: a month is 1 to 12": "{text!r}：月份应为 1 到 12",
    "a month is 1 to 12": "月份应为 1 到 12",
    "the target (年度指标值)": "年度指标值",
    "the achieved value (实际完成值)": "实际完成值",
    "cannot read the 指标性质 {text!r}": "无法识别指标性质 {text!r}",
    "write ≥, ≤ or =, or 正向 / 反向 / 定性": "填写 ≥、≤ 或 =，或 正向 / 反向 / 定性",
    "the achieved value {text!r} does not say when, which the deadline {written!r} needs": "实际完成值 {text!r} 没有写明完成时间，而年度指标值 {written!r} 是完成时限",
    "write the month it was done (7月), or 是 / 否": "填写完成的月份（如 7月），或 是 / 否",
    "{text!r} has a thousands separator": "{text!r} 带有千位分隔符",
    "write the number without commas (1200, not 1,200)": "数字不要加逗号（写 1200，不写 1,200）",
    "{text!r} is a strict comparison, which the scoring rules do not have": "{text!r} 是严格大于或小于，评分规则中没有这种比较",
    "write ≥ (at least), ≤ (at most) or = and the number": "写 ≥（不低于）、≤（不高于）或 = 加数字",
    "the target (年度指标值) is empty": "年度指标值为空",
    "write the year's target, such as ≥95%, ≤200万元 or 9月前": "填写本年度的指标值，如 ≥95%、≤200万元 或 9月前",
    "the target {written!r} is in {found!r} but the unit column says {unit!r}": "年度指标值 {written!r} 的单位是 {found!r}，但度量单位列写的是 {unit!r}",
    "make the two agree": "请让两者一致",
    "the target {written!r} says {op} but the 指标性质 column says {column}": "年度指标值 {written!r} 写的是 {op}，但指标性质列写的是 {column}",
    "the target (年度指标值) is the formula {formula!r}": "年度指标值是公式 {formula!r}",
    "type the target as text, such as ≥95% (a target computed by a formula is not read)": "把年度指标值作为文字填写，如 ≥95%（不读取用公式算出的指标值）",
    "{what} {text!r} is not a number": "{what} {text!r} 不是数字",
    "write {what} as a plain number": "{what}请填写纯数字",
    "the achieved value (实际完成值) is empty": "实际完成值为空",
    "write what was achieved; a row that does not apply needs its 分值 left empty": "填写实际完成的情况；不适用的行请把分值留空",
    "the achieved value {text!r} is not a number, which the target {written!r} needs": "实际完成值 {text!r} 不是数字，而年度指标值 {written!r} 需要数字",
    "the achieved value {text!r} is in {found!r} but the target {written!r} is in {unit!r}": "实际完成值 {text!r} 的单位是 {found!r}，但年度指标值 {written!r} 的单位是 {unit!r}",
    "write both in the same unit": "两者请用同一单位",
    "{what} shows the Excel error {error}": "{what}显示 Excel 错误 {error}",
    "fix the formula in Excel, or type the value": "在 Excel 中改正公式，或直接填写数值",
    "{what} is a formula whose result the file does not store": "{what}是公式，但文件中没有保存它的计算结果",
    "open the file in Excel or WPS and save it, so that the result is stored": "用 Excel 或 WPS 打开并保存一次，以保存计算结果",
    "cannot read the target {written!r}": "无法识别年度指标值 {written!r}",
    "write an operator, a number and its unit, such as ≥95%, ≤200万元 or =100%": "填写比较符号、数字和单位，如 ≥95%、≤200万元 或 =100%",
    "the cell shows {text} but the target {written!r} is not a percent": "单元格显示 {text}，但年度指标值 {written!r} 不是百分比",
    "format the cell as a plain number, or write the target with %": "把单元格格式改为常规数字，或在年度指标值中写 %",
    "write the number achieved in {unit}; the reason for a miss goes in 偏差原因分析及改进措施": "以 {unit} 为单位填写实际完成的数字；未完成的原因写在偏差原因分析及改进措施中",
    "write the number achieved; the reason for a miss goes in 偏差原因分析及改进措施": "填写实际完成的数字；未完成的原因写在偏差原因分析及改进措施中",
    "cannot read this file as {what}: {reason}": "无法把这个文件读作{what}：{reason}",
    ".xlsx sheets": ".xlsx 自评表",
    ".xls sheets": ".xls 自评表",
    "an .xlsx workbook": ".xlsx 工作簿",
    "an .xls workbook (Excel 97-2003)": ".xls 工作簿（Excel 97-2003）",
    "this is a folder, not a file": "这是文件夹，不是文件",
    "open it in Excel or WPS and save it again as .xlsx": "用 Excel 或 WPS 打开，另存为 .xlsx",
    "reading {what} needs the optional package {name}, which is not installed": "读取{what}需要可选软件包 {name}，但它没有安装",
    "give the path of a .xlsx, .xls or .csv sheet": "给出 .xlsx、.xls 或 .csv 自评表的路径",
    "cannot read the CSV: {reason}": "无法读取 CSV：{reason}",
    "cannot read file: {reason}": "无法读取文件：{reason}",
    "save it again from Excel or WPS as CSV UTF-8": "在 Excel 或 WPS 中另存为 CSV UTF-8",
    "check the path": "请检查路径",
    "the header row needs 三级指标, 分值 (or 权重) and 年度指标值 (or 指标值)": "表头行需要有 三级指标、分值（或 权重）和 年度指标值（或 指标值）",
    "no sheet has an indicator table: no row has the columns 三级指标, 分值 and 年度指标值 (sheets read: {names})": "没有哪个工作表有指标表：没有一行同时有 三级指标、分值 和 年度指标值 列（读过的工作表：{names}）",
    "no indicator table found: no row has the columns 三级指标, 分值 and 年度指标值": "没有找到指标表：没有一行同时有 三级指标、分值 和 年度指标值 列",
    "the workbook has no sheet {name!r}": "工作簿中没有工作表 {name!r}",
    "its sheets: {names}": "它的工作表：{names}",
    "the funds block has no 年度资金总额 line under its header": "资金表头下没有 年度资金总额 行",
    "the first line under 年初预算数 / 全年预算数 / 全年执行数 is 年度资金总额": "年初预算数 / 全年预算数 / 全年执行数 下的第一行应为 年度资金总额",
    "the indicator table has no {name} column": "指标表没有 {name} 列",
    "add the column with one of the names: {names}": "加上这一列，列名用其中之一：{names}",
    "this row has no 一级指标, and none above it to inherit": "这一行没有一级指标，上面也没有可沿用的",
    "write the 一级指标 (产出指标, 效益指标) in the first row of its group": "在该组第一行填写一级指标（产出指标、效益指标等）",
    "this row has points but no 三级指标": "这一行有分值，但没有三级指标",
    "write the indicator's name, or clear the row's 分值": "填写指标名称，或清空这一行的分值",
    "write the year's total": "填写本年度的合计数",
    "its 其中 lines add up to {total}: write the total in this cell": "其中各行合计为 {total}：请在这个单元格填写合计数",
    "指标性质 says 定性 but the target {written!r} is a number": "指标性质为定性，但年度指标值 {written!r} 是数字",
    "write ≥, ≤ or = in 指标性质, or the target in words": "在指标性质中填写 ≥、≤ 或 =，或用文字写年度指标值",
    "two rows are the indicator {name!r} (also row {other})": "有两行都是指标 {name!r}（另一行是第 {other} 行）",
    "give each row its own 三级指标 name": "每一行的三级指标名称应各不相同",
    "{what} cannot be negative ({value})": "{what}不能为负数（{value}）",
    "write 0 or more": "填写 0 或更大的数",
    "cannot tell whether {value!r} meets the target {written!r}": "无法判断 {value!r} 是否达到年度指标值 {written!r}",
    "write 是 or 否 (or 已完成 / 未完成)": "填写 是 或 否（或 已完成 / 未完成）",
    "rule {kind!r} of this row cannot score {text!r}": "这一行的评分规则 {kind!r} 不能给 {text!r} 评分",
    "write the value the rule scores, or name another rule for this row": "填写该规则能评分的值，或为这一行指定别的规则",
    "{items!r} is not an item of this row's checklist": "{items!r} 不是这一行逐项计分的项目",
    "list the items met, separated by 、: {names}": "列出已达成的项目，用、分隔：{names}",
    "a row whose target is in words is scored by the evaluator, and its 得分 is empty": "年度指标值为文字的行由评价人打分，但它的得分为空",
    "write the points the evaluator gave in 得分": "在得分中填写评价人给的分数",
    "得分 {score} of {points} points fits no qualitative band": "得分 {score}（分值 {points}）不在任何定性档次内",
    "write 得分 between 0 and the row's 分值": "得分应在 0 到该行分值之间",
    "the {column} of 年度资金总额 is 0, so no execution rate can be computed": "年度资金总额的{column}为 0，无法计算执行率",
    "the {column} of 年度资金总额 is empty": "年度资金总额的{column}为空",
    "the 分值 of 年度资金总额 is empty": "年度资金总额的分值为空",
    "write the points of budget execution (10 nationally), or — when not scored": "填写预算执行率的分值（全国通行为 10 分），不计分时填 —",
    "the sheet does not say whose it is": "表中没有写明是哪个项目或单位的",
    "write 项目名称 (or 部门名称) above the table, with the name in the cell to its right": "在表格上方写 项目名称（或 部门名称），并在其右侧单元格填写名称",
    "the sheet does not say its year": "表中没有写明年度",
    "write the year in the title above the table, e.g. （2023年度）": "在表格上方的标题中写明年度，如（2023年度）",
    "the indicator table has no row with points to score": "指标表中没有带分值、可计分的行",
    "write each row's 分值": "填写每一行的分值",
    "the target {written!r} is in {unit!r} but the indicator {id!r} of the indicator file is in {file_unit!r}": "年度指标值 {written!r} 的单位是 {unit!r}，但指标文件中指标 {id!r} 的单位是 {file_unit!r}",
    "write the target in the indicator file's unit": "按指标文件的单位填写年度指标值",
    "{value!r} is none of the levels of rule 'levels'": "{value!r} 不是等级计分规则中的任何等级",
    "write one of: {names}": "填写其中之一：{names}",
    "实际完成值 is written with an operator ({text}); it is read as the number": "实际完成值带有比较符号（{text}），按其中的数字读取",
    "write only the number achieved": "只填写实际完成的数字",
    "the 分值 of the scored rows add up to {total}, not {full}": "计分各行的分值合计为 {total}，而不是 {full}",
    "correct the 分值 so that they add up to the full score": "改正分值，使合计等于满分",
    "correct the 分值 so that they add up to the full score; the full score is the 总分 row's 分值, or 100": "改正分值，使合计等于满分；满分取总分行的分值，没有时为 100",
    "{name} states {stated} points but its rows' 分值 add up to {actual}": "{name} 标明 {stated} 分，但其下各行分值合计为 {actual}",
    "correct the 分值 of its rows, or the points in its name": "改正其下各行的分值，或名称中标明的分数",
    "the worksheet to read (default: the first with an indicator table)": "要读取的工作表（默认：第一个有指标表的工作表）",
    "read a self-evaluation sheet (.xlsx, .xls, .csv) and write it as YAML files": "读取自评表（.xlsx、.xls、.csv），写成 YAML 文件",
    "Read a 项目支出 or 部门整体支出绩效自评表 and write the indicator, weights and facts files it holds into DIR, to go on editing in YAML.": "读取项目支出或部门整体支出绩效自评表，把其中的指标文件、权重方案和事实文件写入 DIR，以便继续用 YAML 编辑。",
    "the sheet: .xlsx, .xls or .csv": "自评表：.xlsx、.xls 或 .csv",
    "indicator files whose rules replace the national defaults, by indicator name": "指标文件：按指标名称，用其中的规则代替国家默认规则",
    "weights profile whose settings (grades, rounding, ...) apply": "权重方案：采用其中的设置（等级、小数位等）",
    "the folder to write indicators.yaml, weights.yaml and facts.yaml into": "写入 indicators.yaml、weights.yaml 和 facts.yaml 的文件夹",
    "this is a file, not a folder": "这是文件，不是文件夹",
    "give -o a folder to write the three YAML files into": "-o 后给出写入这三个 YAML 文件的文件夹",
    "the folder already has {names}": "文件夹中已经有 {names}",
    "import into a new or empty folder (nothing is overwritten)": "请导入到新的或空的文件夹（不会覆盖任何文件）",
    "cannot make the folder: {reason}": "无法创建文件夹：{reason}",
    "check that its parent folder exists and can be written to": "请检查上级文件夹是否存在且可写",
    "read {count} scored rows from {sheet} (worksheet {worksheet})": "已从 {sheet}（工作表 {worksheet}）读取 {count} 个计分行",
    "  wrote {path}": "  已写入 {path}",
    "score it with: scoring score {path}": "评分：scoring score {path}",
}


__all__ = ["LANGS", "ZH", "Message", "msg", "placeholders", "text"]
