"""The program's own log: a rotating file in the data folder, so that an unexpected error leaves a trace even in
a windowed build that has no console.

configure(root) only remembers where the log goes (the window calls it before its first paint);
ensure() opens the file on first need (logging.handlers with its imports costs ~20 ms, so the window opens it
after the first paint, or at the first error). A data folder that cannot be written logs to the temp folder.
"""

import contextlib
import logging
import sys
import tempfile
import threading
from pathlib import Path

LOG_FOLDER = "logs"
LOG_NAME = "fazhi.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FALLBACK_FOLDER = "法治政府建设台账-logs"
FORMAT = "%(asctime)s %(process)d %(threadName)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger("desktop")
log.setLevel(logging.INFO)

_state: dict = {"root": None, "handler": None, "path": None, "tried": False}
_lock = threading.Lock()
EARLY_RECORDS = 500


class _Early(logging.Handler):
    """Holds what is logged before the file opens (the window's start), to write it first."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        if len(self.records) < EARLY_RECORDS:
            self.records.append(record)


_early = _Early()


def configure(data_root: Path) -> None:
    """Where the log goes from now on; the file itself opens at ensure(), what comes before is kept till then."""
    with _lock:
        if _state["root"] != Path(data_root):
            _close_handler()
            _state["root"] = Path(data_root)
            if _early not in log.handlers:
                log.addHandler(_early)


def setup_logging(data_root: Path) -> Path | None:
    """Log into <data_root>/logs/fazhi.log (rotating, 1 MB × 5); the path of the file actually used."""
    configure(data_root)
    return ensure()


def ensure() -> Path | None:
    """Open the log file if it is not open yet: the path in use, or None when no folder can be written."""
    with _lock:
        if not _state["tried"]:
            _state["tried"] = True  # a folder that cannot be written is tried once, not at every line
            _open_handler(_state["root"])
        return _state["path"]


def log_path() -> Path | None:
    return ensure()


def close() -> None:
    """Close the file (at exit, and between tests); configure() starts over."""
    with _lock:
        _close_handler()
        log.removeHandler(_early)
        _early.records.clear()
        _state["root"] = None


def _open_handler(root: Path | None) -> None:
    """root None (a tool that never said where its data is): the temp folder."""
    fallback = Path(tempfile.gettempdir()) / FALLBACK_FOLDER
    for folder in ([root / LOG_FOLDER] if root else []) + [fallback]:
        try:
            handler = _RotatingHandler(folder)
        except OSError:
            continue
        handler.setFormatter(logging.Formatter(FORMAT))
        for record in _early.records:
            handler.handle(record)
        break
    else:
        handler = None
    log.removeHandler(_early)
    _early.records.clear()
    if handler is not None:
        log.addHandler(handler)
        _state["handler"], _state["path"] = handler, Path(handler.baseFilename)


def _close_handler() -> None:
    handler = _state["handler"]
    if handler is not None:
        log.removeHandler(handler)
        handler.close()
    _state["handler"] = _state["path"] = None
    _state["tried"] = False


def _RotatingHandler(folder: Path):
    from logging.handlers import RotatingFileHandler

    class RotatingHandler(RotatingFileHandler):
        def doRollover(self):
            # on Windows another process (the CLI beside the window) may hold the file open: keep writing on
            try:
                super().doRollover()
            except OSError:
                if self.stream is None:
                    self.stream = self._open()

        def handleError(self, record):  # a full disk must not turn every log line into a console traceback
            pass

    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingHandler(folder / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    try:  # a full disk opens the file but takes no line: then the log goes elsewhere
        handler.stream.write(logging.Formatter(FORMAT).format(_opened_record()) + "\n")
        handler.stream.flush()
    except OSError:
        handler.close()
        raise
    return handler


def _opened_record() -> logging.LogRecord:
    from desktop import __version__

    return log.makeRecord(log.name, logging.INFO, __file__, 0, "日志开始：版本 %s，Python %s，%s",
                          (__version__, sys.version.split()[0], sys.platform), None)


def unexpected_text(path: Path | None) -> str:
    """The one sentence for an unexpected error, naming the log file."""
    if path is None:
        return "发生了意外错误，已保存的数据不受影响。（日志文件未能写入：数据文件夹和临时文件夹都不能写入。）"
    return f"发生了意外错误，已保存的数据不受影响。详细信息已记录在日志文件：{path}，请把它交给技术人员。"


def log_unexpected(exc: BaseException, what: str = "意外错误") -> Path | None:
    """Log exc with its traceback once (a worker's traceback text, if it brought one); the log file's path."""
    path = ensure()
    if not getattr(exc, "_logged", False):
        trace = getattr(exc, "trace", None)
        if trace:
            log.error("%s: %s: %s\n%s", what, type(exc).__name__, exc, trace)
        else:
            log.error("%s", what, exc_info=(type(exc), exc, exc.__traceback__))
        with contextlib.suppress(AttributeError):  # some built-in exceptions take no attributes
            exc._logged = True
    return path


def install_hooks(on_unexpected=None) -> None:
    """sys.excepthook and threading.excepthook log the error; on_unexpected(exc, path) may then tell the user."""
    def hook(kind, exc, trace):
        if issubclass(kind, KeyboardInterrupt):
            return sys.__excepthook__(kind, exc, trace)
        if exc is None:
            exc = kind()
        exc.__traceback__ = exc.__traceback__ or trace
        path = log_unexpected(exc)
        if on_unexpected is not None:
            on_unexpected(exc, path)
        elif sys.stderr is not None:
            print(unexpected_text(path), file=sys.stderr)

    def thread_hook(args):
        if args.exc_type is SystemExit:
            return
        exc = args.exc_value if args.exc_value is not None else args.exc_type()
        log_unexpected(exc, f"线程 {getattr(args.thread, 'name', '?')} 中的意外错误")

    sys.excepthook = hook
    threading.excepthook = thread_hook


def logged_command(command: str, data_root: Path, run):
    """A CLI command between its start and stop lines; a refusal or failure is logged before it goes on."""
    from desktop import __version__

    setup_logging(data_root)
    log.info("命令 %s 开始：版本 %s，数据目录 %s", command, __version__, data_root)
    try:
        code = run()
    except Exception as exc:
        from desktop.domain.errors import UserError

        if isinstance(exc, UserError):
            log.error("命令 %s 未完成：%s", command, exc)
        else:  # main() tells an unexpected error from an expected one (a full disk, a read-only folder)
            log_unexpected(exc, f"命令 {command} 失败")
        raise
    log.log(logging.INFO if code == 0 else logging.ERROR, "命令 %s 结束，退出码 %s", command, code)
    return code
