"""One running program per data directory: a QLockFile guards it, a local socket wakes the running window.

A second start on the same data sends "show" to the first and exits, so two windows never write the same
ledger. A lock left behind by a crash names a dead process; QLockFile takes such a stale lock over.
The lock is taken before the data is opened; the socket (QtNetwork, about 10 ms with the hashing) listens
once the window has painted: a second start in that first moment waits for it to answer (a few seconds).
Never a silent exit otherwise: a lock that cannot be made (read-only folder, full disk), a lock held on another
computer (a shared folder) or by a window that never answers raise a UserError that says so.
"""

from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal

from desktop.domain.errors import UserError
from desktop.services import instance_lock

LOCK_NAME = ".taizhang.lock"
WAKE_MESSAGE = b"show"
WAKE_PATIENCE_MS = 8000  # longer than a slow first paint (the window listens after it, at the latest 3 s on)
WAKE_POLL_MS = 250
OTHER_COMPUTER_TEXT = (
    "数据文件夹 {folder} 正由另一台电脑（{host}）上的本程序使用。两台电脑同时写入同一个数据文件夹会损坏数据："
    "请先在那台电脑上关闭程序，或选择另一个数据文件夹。")
NO_ANSWER_TEXT = (
    "数据文件夹 {folder} 正由本机上另一个程序窗口（进程 {pid}）使用，但它没有响应。请关闭那个窗口"
    "（必要时在任务管理器中结束该进程）后再启动，或选择另一个数据文件夹。")


def server_name(data_root: Path) -> str:
    import hashlib

    digest = hashlib.sha256(str(data_root.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"fazhi-taizhang-{digest}"


class SingleInstance(QObject):
    activate_requested = Signal()

    def __init__(self, data_root: Path, parent=None):
        super().__init__(parent)
        self.data_root = data_root
        self.lock = QLockFile(str(data_root / LOCK_NAME))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone, never merely by age
        self.server = None

    def acquire(self) -> bool:
        """True: we are the only instance. False: another one runs and was asked to come to the front.
        UserError: the data folder cannot be written, or its lock is held by a program that does not answer
        (on another computer, or hung)."""
        try:
            self.data_root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(instance_lock.folder_error_text(self.data_root, exc)) from exc
        if self.lock.tryLock(200):
            return True
        held = self.lock.error() == QLockFile.LockError.LockFailedError
        if held and self._wake_running():
            return False
        problem = instance_lock.data_folder_problem(self.data_root)
        if problem:
            raise UserError(problem)
        if not held:
            raise UserError(f"无法在数据文件夹 {self.data_root} 中建立锁文件 {LOCK_NAME}（{self.lock.error().name}）。"
                            "请选择另一个数据文件夹。")
        return self._wait_for_holder()

    def _wait_for_holder(self) -> bool:
        """The holder did not answer: a window still coming up (it listens after its first paint) is given
        WAKE_PATIENCE_MS; a lock from another computer, or a holder that never answers, is named."""
        from PySide6.QtCore import QSysInfo, QThread

        info = self.lock.getLockInfo()
        pid, host = (info[0], info[1]) if info else (0, "")
        if host and host != QSysInfo.machineHostName():
            raise UserError(OTHER_COMPUTER_TEXT.format(folder=self.data_root, host=host))
        for _ in range(WAKE_PATIENCE_MS // WAKE_POLL_MS):
            QThread.msleep(WAKE_POLL_MS)
            if self.lock.tryLock(0):  # the holder quit meanwhile
                return True
            if self._wake_running():
                return False
        raise UserError(NO_ANSWER_TEXT.format(folder=self.data_root, pid=pid))

    def listen(self) -> None:
        """Answer later starts (call once the window is on screen; the lock is ours already)."""
        from PySide6.QtNetwork import QLocalServer

        name = server_name(self.data_root)
        QLocalServer.removeServer(name)  # a socket file left by a crash would block listen()
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._on_connection)
        self.server.listen(name)

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()

    def _wake_running(self) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(server_name(self.data_root))
        if not socket.waitForConnected(1000):
            return False
        socket.write(WAKE_MESSAGE)
        socket.flush()  # often writes it all at once: then waitForBytesWritten has nothing to wait for (False)
        sent = socket.bytesToWrite() == 0 or socket.waitForBytesWritten(1000)
        socket.disconnectFromServer()
        return sent

    def _on_connection(self):
        wake = False
        while self.server is not None and self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()  # owned by the server
            if socket.bytesAvailable() or socket.waitForReadyRead(1000):
                wake = wake or WAKE_MESSAGE in bytes(socket.readAll())
            socket.abort()
        if wake:
            self.activate_requested.emit()


def bring_to_front(window) -> None:
    window.showNormal() if window.isMinimized() else window.show()
    window.raise_()
    window.activateWindow()
