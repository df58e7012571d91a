"""Build the one-folder program and prove it: python scripts/build.py [--skip-build] [--pairs N]

1. PyInstaller builds build.spec into dist/fazhi/ (its cache in build/ and the user cache is reused);
2. the frozen program's --self-test (store, evidence, export read back, main window to its first paint);
3. the bundle's size and its twenty largest parts;
4. the frozen program run from a folder whose path has Chinese characters and spaces, with such a data folder;
   portable mode (data/ beside the program); a read-only program folder with the portable marker;
5. start to the first painted window, frozen against the interpreter, in alternating pairs;
6. the archive dist/fazhi-<version>-<platform>.tar.gz (.zip on Windows).
Exits non-zero when the build, the self-test or a path check fails; size and speed are reported against their
goals (120 MiB, 1.1×) without failing, as timings on a shared machine vary."""

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUNDLE = DIST / "fazhi"
SIZE_GOAL_MIB = 120
SPEED_GOAL = 1.1
PAINT_TIMEOUT_S = 120
# the read-only portable folder's message (desktop.paths.PORTABLE_READ_ONLY) must name the marker
READ_ONLY_HINT = "portable"


class Failed(Exception):
    """A check the bundle must pass."""


# ----- pure parts (tests/test_build_script.py)

def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    for line in pyproject.read_text(encoding="utf-8").splitlines():
        if line.startswith("version"):
            return line.split("=", 1)[1].strip().strip('"')
    raise ValueError("pyproject.toml has no version")


def platform_tag(system: str | None = None, machine: str | None = None) -> str:
    system = (system or platform.system()).lower()
    machine = (machine or platform.machine()).lower()
    machine = {"amd64": "x86_64", "x64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    if system == "windows":
        return "windows-x64" if machine == "x86_64" else f"windows-{machine}"
    return f"{'macos' if system == 'darwin' else system}-{machine}"


def archive_name(version: str, tag: str) -> str:
    return f"fazhi-{version}-{tag}{'.zip' if tag.startswith('windows') else '.tar.gz'}"


def bundle_files(folder: Path) -> list[tuple[str, int]]:
    """(path relative to folder, size) of every file, symbolic links not counted twice."""
    files = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            files.append((path.relative_to(folder).as_posix(), path.stat().st_size))
    return files


def largest(files: list[tuple[str, int]], count: int = 20) -> list[tuple[str, int]]:
    return sorted(files, key=lambda f: (-f[1], f[0]))[:count]


def mib(size: int) -> str:
    return f"{size / 1048576:.1f} MiB"


def newest_glibc(symbol_tables: list[str]) -> tuple[int, int] | None:
    """The newest GLIBC_x.y symbol version in objdump -T output: the oldest glibc the bundle runs on."""
    found = [tuple(int(n) for n in m) for text in symbol_tables for m in re.findall(r"GLIBC_(\d+)\.(\d+)", text)]
    return max(found, default=None)


def startup_summary(frozen: list[float], interpreter: list[float]) -> dict[str, float]:
    """Medians of both, and the median of each pair's ratio (the pairs ran back to back, so load on the
    machine affects both alike)."""
    if not frozen or len(frozen) != len(interpreter):
        raise ValueError("need as many frozen as interpreter runs")
    return {"frozen": statistics.median(frozen), "interpreter": statistics.median(interpreter),
            "ratio": statistics.median(f / i for f, i in zip(frozen, interpreter, strict=True))}


# ----- running the program

def frozen_exe(bundle: Path = BUNDLE) -> Path:
    return bundle / ("fazhi.exe" if sys.platform == "win32" else "fazhi")


def interpreter_cmd() -> list[str]:
    return [sys.executable, "-m", "desktop"]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FAZHI_DATA_DIR", "PYTHONPATH")}
    env.update(QT_QPA_PLATFORM="offscreen", **extra)
    return env


def run(cmd: list, *, env=None, cwd=None, timeout=300, user=None) -> subprocess.CompletedProcess:
    if user is not None:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    return subprocess.run([str(c) for c in cmd], env=env or clean_env(), cwd=cwd or tempfile.gettempdir(),
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=timeout)


def expect(done: subprocess.CompletedProcess, what: str, code: int = 0) -> subprocess.CompletedProcess:
    if done.returncode != code:
        raise Failed(f"{what}：退出码 {done.returncode}（应为 {code}）\n{done.stdout}\n{done.stderr}")
    return done


def time_to_paint(cmd: list, data_dir: Path | None, cwd: Path | None = None) -> float:
    """Seconds from starting the program to its first painted window (it prints "painted" then)."""
    env = clean_env(FAZHI_QUIT_AFTER_FIRST_PAINT="1")
    args = [str(c) for c in cmd] + (["--data-dir", str(data_dir)] if data_dir else [])
    start = time.perf_counter()
    child = subprocess.Popen(args, env=env, cwd=cwd or ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in child.stdout:
            if line.strip() == "painted":
                elapsed = time.perf_counter() - start
                child.wait(PAINT_TIMEOUT_S)
                return elapsed
        child.wait(PAINT_TIMEOUT_S)
        if child.returncode == 0 and sys.platform == "win32" and Path(cmd[0]).suffix == ".exe":
            return time.perf_counter() - start  # the windowed .exe has no stdout: it quit after its first paint
        raise Failed(f"{cmd[0]} 没有绘出主窗口（退出码 {child.returncode}）")
    finally:
        if child.poll() is None:
            child.kill()


# ----- the steps

def build() -> float:
    try:
        import PyInstaller  # noqa: F401
    except ImportError as exc:
        raise Failed('没有安装 PyInstaller：pip install -e ".[build]"') from exc
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(ROOT / "build"), str(ROOT / "build.spec")],
                   cwd=ROOT, check=True)
    return time.perf_counter() - start


def self_test(exe: Path) -> None:
    done = expect(run([exe, "--self-test"]), "打包后的程序自检失败")
    print(done.stdout.rstrip())


def report_size(bundle: Path) -> int:
    files = bundle_files(bundle)
    total = sum(size for _, size in files)
    verdict = "达到" if total <= SIZE_GOAL_MIB * 1048576 else "超过"
    print(f"程序文件夹 {bundle}：{mib(total)}，{len(files)} 个文件（目标 ≤ {SIZE_GOAL_MIB} MiB：{verdict}）")
    print("最大的 20 个部分：")
    for path, size in largest(files):
        print(f"  {mib(size):>10}  {path}")
    return total


def report_glibc(bundle: Path) -> None:
    if not sys.platform.startswith("linux") or shutil.which("objdump") is None:
        return
    tables = [subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
              for path in bundle.rglob("*") if path.is_file() and not path.is_symlink()
              and (".so" in path.name or path.name == "fazhi")]
    needed = newest_glibc(tables)
    if needed:
        print(f"需要 glibc ≥ {needed[0]}.{needed[1]}（本机 {platform.libc_ver()[1]}）：更旧的系统（如麒麟 V10、统信 UOS 的 "
              f"glibc 2.28）请在同样旧的系统上打包，或用 scripts/wheelhouse.py 离线安装")


def copy_bundle(bundle: Path, target: Path) -> Path:
    shutil.copytree(bundle, target, symlinks=True)
    return frozen_exe(target)


def check_paths(bundle: Path, scratch: Path) -> None:
    """Chinese characters and spaces in the program's and the data folder's path; portable mode; a read-only
    program folder with the portable marker."""
    exe = copy_bundle(bundle, scratch / "程序 文件夹" / "法治 台账")
    data = scratch / "数据 文件夹" / "张三 的台账"
    expect(run([exe, "--self-test"]), "从中文和空格路径运行自检")
    expect(run([exe, "--data-dir", data, "demo", "--year", "2025"]), "在中文和空格路径建立演示台账")
    expect(run([exe, "--data-dir", data, "check"]), "检查中文路径下的数据")
    sheet = scratch / "导出 文件夹" / "导出 进度表.xlsx"  # beside the data folder: exports never go into it
    sheet.parent.mkdir(parents=True, exist_ok=True)
    expect(run([exe, "--data-dir", data, "export", "xlsx", "--year", "2025", "--out", sheet]), "导出到中文路径")
    if not sheet.is_file():
        raise Failed(f"没有导出 {sheet}")
    time_to_paint([exe], data, cwd=scratch)
    print(f"  ✓ 中文和空格路径：{exe.parent}，数据 {data}（自检、演示台账、检查、导出、主窗口）")

    (exe.parent / "portable").write_bytes(b"")
    expect(run([exe, "demo", "--year", "2025"]), "便携模式建立演示台账")
    if not (exe.parent / "data" / "taizhang.sqlite").is_file():
        raise Failed("便携模式没有把数据存在程序旁的 data/ 里")
    time_to_paint([exe], None, cwd=scratch)
    print(f"  ✓ 便携模式：数据在 {exe.parent / 'data'}")
    check_read_only_portable(bundle, scratch / "只读 程序")


def check_read_only_portable(bundle: Path, folder: Path) -> None:
    if sys.platform == "win32":
        print("  - 只读的便携程序文件夹：Windows 上未测（需要另一个用户账户）")
        return
    exe = copy_bundle(bundle, folder)
    (folder / "portable").write_bytes(b"")
    user = None
    if os.geteuid() == 0:  # root writes anywhere: run as nobody, for whom the folder is read-only
        if shutil.which("setpriv") is None:
            print("  - 只读的便携程序文件夹：以 root 运行且没有 setpriv，未测")
            return
        user = 65534
        os.chmod(folder.parent, 0o755)
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~0o222 | (0o555 if path.is_dir() else 0o444))
    try:
        done = run([exe, "check"], user=user, env=clean_env(HOME=str(folder.parent)))
        text = done.stdout + done.stderr
        if done.returncode == 0 or READ_ONLY_HINT not in text or "Traceback" in text:
            raise Failed(f"只读的便携程序文件夹没有给出中文说明（退出码 {done.returncode}）：\n{text}")
        print(f"  ✓ 只读的便携程序文件夹：退出码 {done.returncode}，提示“{text.strip().splitlines()[0]}”")
    finally:
        for path in [folder, *folder.rglob("*")]:
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o200)


def measure_startup(exe: Path, scratch: Path, pairs: int) -> dict[str, float]:
    data = scratch / "启动 计时"
    expect(run([*interpreter_cmd(), "--data-dir", data, "demo", "--year", "2025"], cwd=ROOT), "建立计时用的台账")
    frozen, interpreted = [], []
    time_to_paint([exe], data)  # warm the disk cache for both
    time_to_paint(interpreter_cmd(), data)
    for i in range(pairs):
        # alternate which goes first, so neither always runs on a cache the other just warmed
        order = [("frozen", [exe]), ("interpreter", interpreter_cmd())]
        for name, cmd in order if i % 2 == 0 else order[::-1]:
            (frozen if name == "frozen" else interpreted).append(time_to_paint(cmd, data))
    summary = startup_summary(frozen, interpreted)
    verdict = "达到" if summary["ratio"] <= SPEED_GOAL else "未达到"
    print(f"启动到主窗口首屏（{pairs} 对，交替）：打包 {summary['frozen'] * 1000:.0f} ms，"
          f"解释器 {summary['interpreter'] * 1000:.0f} ms，每对之比的中位数 {summary['ratio']:.2f}×"
          f"（目标 ≤ {SPEED_GOAL}×：{verdict}）")
    return summary


def write_archive(bundle: Path, target: Path) -> Path:
    if target.suffix == ".zip":
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for path in sorted(bundle.rglob("*")):
                archive.write(path, Path(bundle.name, path.relative_to(bundle)))
    else:
        with tarfile.open(target, "w:gz", compresslevel=6) as archive:
            archive.add(bundle, arcname=bundle.name)
    print(f"安装包：{target}（{mib(target.stat().st_size)}）")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="use dist/fazhi as it is")
    parser.add_argument("--pairs", type=int, default=5, help="start-up measurements, frozen and interpreter")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        if not args.skip_build:
            print(f"打包用时 {build():.0f} s")
        exe = frozen_exe()
        if not exe.is_file():
            raise Failed(f"没有找到 {exe}")
        self_test(exe)
        report_size(BUNDLE)
        report_glibc(BUNDLE)
        with tempfile.TemporaryDirectory(prefix="fazhi-build-") as folder:
            check_paths(BUNDLE, Path(folder))
            if args.pairs:
                measure_startup(exe, Path(folder), args.pairs)
        write_archive(BUNDLE, DIST / archive_name(project_version(), platform_tag()))
    except (Failed, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        print(f"打包检查失败：{exc}", file=sys.stderr)
        return 1
    print(f"全部完成，用时 {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
