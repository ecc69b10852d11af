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
        values = {k: v.text(lang) if isinstance(v, Message) else v for k, v in self.params.items()}
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
}


__all__ = ["LANGS", "ZH", "Message", "msg", "placeholders", "text"]
