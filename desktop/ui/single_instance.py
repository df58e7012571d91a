"""One running program per data directory: a QLockFile guards it, a local socket wakes the running window.

A second start on the same data sends "show" to the first and exits, so two windows never write the same
ledger. A lock left behind by a crash names a dead process; QLockFile takes such a stale lock over.
The lock is taken before the data is opened; the socket (QtNetwork, about 10 ms with the hashing) listens
once the window has painted: a second start in that first moment finds the lock, exits, and the window it
would have raised is just coming up.
A lock that cannot be made because the folder cannot be written (read-only, full disk) is not "another
instance": acquire() raises a UserError that says so.
"""

from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal

from desktop.domain.errors import UserError
from desktop.services import instance_lock

LOCK_NAME = ".taizhang.lock"
WAKE_MESSAGE = b"show"


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
        UserError: the data folder cannot be written, so no lock can be made."""
        try:
            self.data_root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(instance_lock.folder_error_text(self.data_root, exc)) from exc
        if self.lock.tryLock(200):
            return True
        held = self.lock.error() == QLockFile.LockError.LockFailedError
        if held and self._wake_running():
            return False
        # nobody answered: a start that is just coming up, or a folder where no lock file can be made
        problem = instance_lock.data_folder_problem(self.data_root)
        if problem:
            raise UserError(problem)
        if held:
            return False
        raise UserError(f"无法在数据文件夹 {self.data_root} 中建立锁文件 {LOCK_NAME}（{self.lock.error().name}）。"
                        "请选择另一个数据文件夹。")

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
        socket.flush()
        sent = socket.waitForBytesWritten(1000)
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
