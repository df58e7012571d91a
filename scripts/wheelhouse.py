"""An offline install set for domestic Linux (麒麟 V10 / 统信 UOS, glibc 2.28, x86_64): every wheel the program
needs for Python 3.10–3.12, and the program's own wheel, in one folder.

On a connected machine (any OS with pip):   python scripts/wheelhouse.py [--out wheelhouse]
On the target, with only that folder:       python3 -m venv ~/fazhi-venv
                                            ~/fazhi-venv/bin/pip install --no-index --find-links wheelhouse fazhi-taizhang
                                            ~/fazhi-venv/bin/fazhi --self-test
--check installs the folder into a clean venv of each given interpreter with --no-index and runs the self-test."""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLATFORM = "manylinux_2_28_x86_64"  # PySide6 6.8/6.9 wheels' tag; pip also takes older manylinux and pure wheels
PYTHONS = ("3.10", "3.11", "3.12")


def download_command(out: Path, python: str, requirement: str, platform: str = PLATFORM) -> list[str]:
    abi = "cp" + python.replace(".", "")
    return [sys.executable, "-m", "pip", "download", "--only-binary=:all:", "--dest", str(out),
            "--platform", platform, "--python-version", python, "--implementation", "cp",
            "--abi", abi, "--abi", "abi3", "--abi", "none", requirement]


def offline_env() -> dict[str, str]:
    """pip without any index or extra wheel folder the machine's configuration adds."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


SOURCES = ("pyproject.toml", "README.md", "desktop", "resources", "db")


def build_own_wheel(out: Path) -> Path:
    """The program's wheel, built from a clean copy of its sources (setuptools would otherwise pick up
    whatever an earlier build left in build/lib)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "src"
        source.mkdir()
        for name in SOURCES:
            copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
            copy(ROOT / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                               if (ROOT / name).is_dir() else {}))
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--wheel-dir", folder,
                        str(source)], check=True, stdout=subprocess.DEVNULL)
        wheel = next(Path(folder).glob("fazhi_taizhang-*.whl"))
        return Path(shutil.copy2(wheel, out))


def make(out: Path, pythons=PYTHONS) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    own = build_own_wheel(out)
    for python in pythons:
        print(f"下载 Python {python} 的依赖（{PLATFORM}）…", flush=True)
        subprocess.run(download_command(out, python, str(own)), check=True, stdout=subprocess.DEVNULL)
    wheels = sorted(out.glob("*.whl"))
    size = sum(w.stat().st_size for w in wheels)
    print(f"离线安装包：{out}，{len(wheels)} 个 wheel，{size / 1048576:.0f} MiB")
    return wheels


def check(out: Path, interpreters: list[str]) -> bool:
    ok = True
    for interpreter in interpreters:
        with tempfile.TemporaryDirectory(prefix="fazhi-wheelhouse-") as folder:
            venv = Path(folder) / "venv"
            subprocess.run([interpreter, "-m", "venv", str(venv)], check=True)
            bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
            install = [str(bin_dir / "pip"), "install", "--no-index", "--find-links", str(out), "fazhi-taizhang"]
            print("$ " + " ".join(install), flush=True)
            subprocess.run(install, check=True, env=offline_env(), stdout=subprocess.DEVNULL)
            env = {**offline_env(), "HOME": folder}
            done = subprocess.run([str(bin_dir / "fazhi"), "--self-test"], env=env, cwd=folder,
                                  capture_output=True, text=True)
            print(f"{interpreter}: fazhi --self-test → 退出码 {done.returncode}\n{done.stdout}{done.stderr}")
            ok = ok and done.returncode == 0
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "wheelhouse")
    parser.add_argument("--python", action="append", dest="pythons", help="only this Python version (3.10–3.12)")
    parser.add_argument("--check", action="append", metavar="INTERPRETER",
                        help="then install offline into a clean venv of INTERPRETER and run fazhi --self-test")
    args = parser.parse_args(argv)
    make(args.out, tuple(args.pythons or PYTHONS))
    if args.check:
        return 0 if check(args.out, args.check) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
