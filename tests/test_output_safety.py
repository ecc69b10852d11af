"""Output never destroys anything, and reading never hangs or eats memory.

``-o PATH`` writes only a regular file the user named (never a symlink's
target, a device, a pipe, a folder or one of the command's own inputs);
writing to standard output that fails is one line and exit status 2; input
files are checked for size and kind before they are read.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from silent_cases import ROOT, cli, csv_table, problems, rules, small_facts

POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX files and signals")


def run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """``python -m scoring ARGS`` in a child process (stdout captured unless given)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    options: dict[str, object] = {"stdout": subprocess.PIPE, "timeout": 60, **kwargs}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "scoring", *args],
        stderr=subprocess.PIPE,
        cwd=ROOT,
        check=False,
        env=env,
        **options,
    )


class TestOutputPath:
    @POSIX
    def test_symlink_is_refused_and_its_target_kept(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o naming a symbolic link writes nothing: neither the link nor its target change."""
        facts = small_facts(tmp_path)
        target = tmp_path / "keep.txt"
        target.write_text("keep", encoding="utf-8")
        link = tmp_path / "link.txt"
        link.symlink_to(target)
        code, _, err = cli(["score", str(facts), "-o", str(link)], capsys)
        assert code == 2
        (error,) = problems(err)
        assert "is a symbolic link" in error
        assert link.is_symlink()
        assert target.read_text(encoding="utf-8") == "keep"

    @POSIX
    def test_named_pipe_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o naming a FIFO is refused; the FIFO stays a FIFO."""
        facts = small_facts(tmp_path)
        fifo = tmp_path / "fifo"
        os.mkfifo(fifo)
        code, _, err = cli(["score", str(facts), "-o", str(fifo)], capsys)
        assert code == 2
        assert "is a named pipe, not a regular file" in problems(err)[0]
        assert fifo.is_fifo()

    @POSIX
    def test_device_is_refused(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-o naming a device node is refused, and the node stays a device.

        The node is a copy of /dev/null made in the test's folder (only root may
        make one): as root, a rename replaced the device node itself, so the test
        never points -o at the system's own /dev/null.
        """
        import stat  # noqa: PLC0415

        facts = small_facts(tmp_path)
        device = tmp_path / "null"
        try:
            os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except (PermissionError, AttributeError, OSError):
            pytest.skip("making a device node needs root")
        code, _, err = cli(["score", str(facts), "-o", str(device)], capsys)
        assert code == 2
        assert "is a device, not a regular file" in problems(err)[0]
        assert device.is_char_device()

    def test_folder_is_refused(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-o naming a folder says so, once, with what to do."""
        facts = small_facts(tmp_path)
        code, _, err = cli(["score", str(facts), "-o", str(tmp_path)], capsys)
        assert code == 2
        (error,) = problems(err)
        assert error.startswith(f"{tmp_path}: ")
        assert "is a folder" in error
        assert error.count(str(tmp_path)) == 1

    @pytest.mark.parametrize("which", ["facts", "indicators", "table"])
    def test_own_input_is_refused(
        self, tmp_path: Path, which: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o naming a file the command reads (the facts, a rule file, the table) is refused,
        and the file is left as it was."""
        facts = small_facts(tmp_path)
        if which == "table":
            table = csv_table(tmp_path, [{}])
            victim, args = table, ["batch", str(table), *rules(tmp_path)]
        else:
            victim = facts if which == "facts" else tmp_path / "small-indicators.yaml"
            args = ["score", str(facts)]
        before = victim.read_bytes()
        code, _, err = cli([*args, "-o", str(victim)], capsys)
        assert code == 2
        assert "is one of this command's input files" in problems(err)[0]
        assert victim.read_bytes() == before

    @pytest.mark.parametrize("command", ["score", "batch"])
    def test_read_only_file_is_refused_and_kept(
        self, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o naming a file made read-only (last year's report, kept): the rename would replace
        it, even as root, where writing into it would not; it is refused and left as it was."""
        facts = small_facts(tmp_path)
        args = (
            ["score", str(facts)]
            if command == "score"
            else ["batch", str(csv_table(tmp_path, [{}])), *rules(tmp_path)]
        )
        kept = tmp_path / "2022.csv"
        kept.write_text("keep", encoding="utf-8")
        kept.chmod(0o444)
        code, _, err = cli([*args, "-o", str(kept)], capsys)
        assert code == 2
        assert problems(err)[0] == (
            f"{kept}: this file is read-only: -o does not replace it"
            " (hint: give the report another file name, or make the file writable first)"
        )
        assert kept.read_text(encoding="utf-8") == "keep"
        assert kept.stat().st_mode & 0o777 == 0o444

    def test_empty_name_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o "" is an error, not a silent print to the terminal."""
        facts = small_facts(tmp_path)
        code, out, err = cli(["score", str(facts), "-o", ""], capsys)
        assert code == 2
        assert out == ""
        assert "-o needs a file name" in problems(err)[0]

    @pytest.mark.parametrize("command", ["score", "batch"])
    def test_dash_is_standard_output(
        self, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o - prints to standard output and writes no file called '-'."""
        facts = small_facts(tmp_path)
        args = (
            ["score", str(facts)]
            if command == "score"
            else ["batch", str(csv_table(tmp_path, [{}])), *rules(tmp_path)]
        )
        cwd = Path.cwd()
        os.chdir(tmp_path)
        try:
            code, out, _ = cli([*args, "-o", "-"], capsys)
        finally:
            os.chdir(cwd)
        assert code == 0
        assert out
        assert not (tmp_path / "-").exists()


class TestStandardOutputFails:
    @POSIX
    @pytest.mark.parametrize("command", ["score", "batch", "validate"])
    def test_disk_full(self, tmp_path: Path, command: str) -> None:
        """Standard output on a full disk (/dev/full): one line on stderr, exit 2."""
        facts = small_facts(tmp_path)
        args = {
            "score": ["score", str(facts)],
            "batch": ["batch", str(csv_table(tmp_path, [{}])), *rules(tmp_path)],
            "validate": ["validate", str(facts)],
        }[command]
        with open("/dev/full", "wb") as full:
            result = run(*args, stdout=full)
        assert result.returncode == 2
        err = result.stderr.decode()
        assert "Traceback" not in err
        line = [x for x in err.splitlines() if "standard output" in x]
        assert line == ["scoring: error: cannot write to standard output: No space left on device"]

    @POSIX
    def test_closed(self, tmp_path: Path) -> None:
        """Standard output closed (>&-): one line, exit 2."""
        facts = small_facts(tmp_path)
        result = run("score", str(facts), stdout=None, pass_fds=(), close_fds=True,
                     preexec_fn=lambda: os.close(1))  # fmt: skip
        assert result.returncode == 2
        assert b"Traceback" not in result.stderr
        assert b"cannot write to standard output" in result.stderr

    @POSIX
    def test_broken_pipe_is_quiet(self, tmp_path: Path) -> None:
        """A reader that stops early (| head -c 1): no traceback, no message, exit 2."""
        facts = small_facts(tmp_path)
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        process = subprocess.Popen(
            [sys.executable, "-m", "scoring", "score", str(facts)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=env,
        )
        assert process.stdout is not None
        process.stdout.close()  # nobody reads: the first write breaks the pipe
        _, err = process.communicate(timeout=60)
        assert process.returncode == 2
        assert err == b""


class TestInterruptedWrite:
    @POSIX
    def test_sigterm_leaves_no_temporary_file(self, tmp_path: Path) -> None:
        """SIGTERM while -o writes leaves neither the report nor a hidden temporary file."""
        script = tmp_path / "slow.py"
        script.write_text(
            "import sys, time\n"
            "from scoring.files.output import write_atomic\n"
            "def slow(stream):\n"
            "    stream.write(b'half')\n"
            "    print('writing', flush=True)\n"
            "    time.sleep(30)\n"
            f"write_atomic({str(tmp_path / 'out.txt')!r}, slow)\n",
            encoding="utf-8",
        )
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        process = subprocess.Popen(
            [sys.executable, str(script)], stdout=subprocess.PIPE, env=env, cwd=tmp_path
        )
        assert process.stdout is not None
        assert process.stdout.readline() == b"writing\n"
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        assert process.returncode == 128 + signal.SIGTERM
        assert sorted(p.name for p in tmp_path.iterdir()) == ["slow.py"]


class TestBoundedReading:
    @POSIX
    def test_dev_zero_is_refused_fast(self) -> None:
        """/dev/zero as a facts file is refused at once, not read until memory runs out.

        Run apart, with its memory limited, so that a reader that does read it fails
        this test rather than the machine.
        """
        import resource  # noqa: PLC0415 (POSIX only)

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

        start = time.monotonic()
        result = run("score", "/dev/zero", preexec_fn=limit)
        assert time.monotonic() - start < 10
        assert result.returncode == 2
        assert b"is a device, not a regular file" in result.stderr
        assert b"Traceback" not in result.stderr

    def test_huge_file_is_refused_by_its_size(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A 1 GiB file (sparse: no disk used) is refused without reading it: a YAML file
        from its size, a CSV table from its first line."""
        small_facts(tmp_path)  # the rule files
        for name in ("big.yaml", "big.csv"):
            big = tmp_path / name
            with big.open("wb") as stream:
                stream.truncate(1 << 30)
            start = time.monotonic()
            args = ["score", str(big)] if name.endswith(".yaml") else ["batch", str(big)]
            result = run(*args, *rules(tmp_path), timeout=60)
            assert time.monotonic() - start < 5  # a second of work, and Python's start-up
            assert result.returncode == 2
            if name.endswith(".yaml"):
                assert b"file is larger than" in result.stderr
            else:
                # scoring batch reads a CSV table of any size a part at a time; its
                # lines are bounded, and this one never ends.
                assert b"line 1 is longer than 1 MiB" in result.stderr

    @POSIX
    def test_named_pipe_is_refused_without_waiting(self, tmp_path: Path) -> None:
        """A FIFO given as the facts file is refused at once (opening it would wait forever).

        Run apart, so that a reader that waits fails this test by its timeout.
        """
        fifo = tmp_path / "facts.yaml"
        os.mkfifo(fifo)
        start = time.monotonic()
        try:
            result = run("score", str(fifo), timeout=20)
        except subprocess.TimeoutExpired:
            pytest.fail("scoring waited for a writer on the named pipe")
        assert time.monotonic() - start < 10
        assert result.returncode == 2
        assert b"is a named pipe, not a regular file" in result.stderr

    def test_folder_is_refused(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A folder given as the facts file or a table says so."""
        for args in (["score", str(tmp_path)], ["batch", str(tmp_path / "t.csv")]):
            (tmp_path / "t.csv").mkdir(exist_ok=True)
            code, _, err = cli(args, capsys)
            assert code == 2
            assert "this is a folder, not a file" in problems(err)[0]
