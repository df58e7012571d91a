"""Where the data directory must not be: network drives and cloud-synced folders.

SQLite keeps a database safe with the operating system's file locks and, in WAL mode, with shared memory
between the processes of one computer. Network file systems (SMB/CIFS shares, NFS, mapped drives) do not
keep those promises, and sync clients (OneDrive, 坚果云 …) copy or replace the database and its -wal file
while the program is writing. Either can corrupt the database or silently lose the latest changes.
The window shows the warning at start-up; one running instance per data directory is the GUI's QLockFile.
A data directory that cannot be written at all (read-only, no permission, full disk) is named as such.
"""

import os
import sys
from pathlib import Path, PurePath

# file-system types of /proc/mounts that live on another computer
NETWORK_FS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre",
    "gfs2", "ocfs2", "davfs", "coda", "fuse.sshfs", "fuse.rclone", "fuse.gvfsd-fuse", "fuse.davfs2",
    "fuse.s3fs", "fuse.gcsfuse", "fuse.glusterfs", "fuse.cephfs", "fuse.juicefs", "fuse.onedriver",
    "fuse.smbnetfs", "fuse.curlftpfs",
})
# a folder with one of these names (or starting with "OneDrive") is kept in sync by a cloud client
CLOUD_FOLDERS = {
    "onedrive": "OneDrive", "dropbox": "Dropbox", "google drive": "Google 云端硬盘",
    "googledrive": "Google 云端硬盘", "我的云端硬盘": "Google 云端硬盘", "my drive": "Google 云端硬盘",
    "icloud drive": "iCloud 云盘", "iclouddrive": "iCloud 云盘", "mobile documents": "iCloud 云盘",
    "nutstore": "坚果云", "坚果云": "坚果云", "我的坚果云": "坚果云", "nutstore files": "坚果云",
    "baidunetdisk": "百度网盘", "baidunetdiskworkspace": "百度网盘", "百度网盘": "百度网盘",
    "百度网盘同步空间": "百度网盘", "百度云同步盘": "百度网盘", "wps云盘": "WPS 云文档", "wpsdrive": "WPS 云文档",
    "wps云文档": "WPS 云文档", "seafile": "Seafile", "nextcloud": "Nextcloud", "owncloud": "ownCloud",
    "synologydrive": "Synology Drive", "aliyundrive": "阿里云盘", "阿里云盘": "阿里云盘",
}
DRIVE_REMOTE = 4  # GetDriveTypeW

NETWORK_TEXT = (
    "数据目录 {path} 位于网络位置（{where}）。本程序的数据库依靠本机的文件锁来保证每次保存完整无误，"
    "网络共享盘上的文件锁并不可靠：网络中断、或两台电脑同时打开，都可能损坏数据库或丢失最近的修改。"
    "请把数据目录放在本机磁盘上（例如 D:\\法治政府建设台账），需要交给别人时用“导出”或“备份到…”生成文件，"
    "再复制到共享位置。")
CLOUD_TEXT = (
    "数据目录 {path} 位于 {service} 的同步文件夹中。同步软件会在程序写入时复制、上传或替换数据库及其"
    "日志文件（-wal），可能造成数据库损坏、丢失最近的修改，或在几台电脑之间产生互相冲突的副本。"
    "请把数据目录移到不同步的本机文件夹；若想把备份放到云盘，请在设置中把“备份文件夹”指向同步文件夹。")


def network_location_warning(path: Path | str, *, mounts: str | None = None,
                             drive_type=None) -> str | None:
    """A Chinese explanation when `path` is on a network drive or in a cloud-synced folder, else None.
    mounts (the text of /proc/mounts) and drive_type (a callable like GetDriveTypeW) are for tests."""
    raw = str(path)
    where = _network_where(raw, mounts, drive_type)
    if where:
        return NETWORK_TEXT.format(path=raw, where=where)
    service = cloud_service(raw)
    if service:
        return CLOUD_TEXT.format(path=raw, service=service)
    return None


def _network_where(raw: str, mounts: str | None, drive_type) -> str | None:
    if is_unc(raw):
        return "网络共享路径"
    drive = _drive_letter(raw)
    if drive and (drive_type or _windows_drive_type)(drive) == DRIVE_REMOTE:
        return f"网络驱动器 {drive}"
    fs = mount_fs_type(raw, mounts)
    if fs and (fs in NETWORK_FS or fs.split(".")[0] in NETWORK_FS):
        return f"{fs} 网络文件系统"
    return None


def is_unc(raw: str) -> bool:
    """\\\\server\\share\\…, //server/share/… and the \\\\?\\UNC\\… long form (not \\\\?\\C:\\…)."""
    text = raw.replace("/", "\\")
    if text.upper().startswith("\\\\?\\UNC\\"):
        return True
    return text.startswith("\\\\") and not text.startswith(("\\\\?\\", "\\\\.\\"))


def _drive_letter(raw: str) -> str | None:
    text = raw[4:] if raw.startswith("\\\\?\\") else raw
    if len(text) >= 2 and text[1] == ":" and text[0].isalpha():
        return text[0].upper() + ":\\"
    return None


def _windows_drive_type(root: str) -> int:
    if sys.platform != "win32":
        return 0
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(root)


def _unescape_mount(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes (\\040 …)."""
    out, i = [], 0
    while i < len(field):
        code = field[i + 1:i + 4]
        if field[i] == "\\" and len(code) == 3 and all(c in "01234567" for c in code):
            out.append(chr(int(code, 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def mount_fs_type(raw: str, mounts: str | None = None) -> str | None:
    """The file-system type of the mount that holds `raw` (the longest matching mount point), on Linux."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = _existing_resolved(raw)
    best, best_type = -1, None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape_mount(fields[1])
        if _is_within(target, point) and len(point) > best:
            best, best_type = len(point), fields[2].lower()
    return best_type


def _existing_resolved(raw: str) -> str:
    """The path with symlinks resolved as far as it exists (the data directory may not exist yet)."""
    try:
        return os.path.realpath(raw)
    except OSError:
        return os.path.abspath(raw)


def _is_within(path: str, mount_point: str) -> bool:
    if mount_point == "/":
        return path.startswith("/")
    return path == mount_point or path.startswith(mount_point.rstrip("/") + "/")


def cloud_service(raw: str) -> str | None:
    """The sync service whose folder holds this path, judged by the folder names along it."""
    for part in PurePath(raw.replace("\\", "/")).parts:
        name = part.strip().lower()
        if name.startswith("onedrive"):  # "OneDrive", "OneDrive - 某某单位", "OneDrive-Personal"
            return "OneDrive"
        if name in CLOUD_FOLDERS:
            return CLOUD_FOLDERS[name]
        if name.startswith("dropbox ("):  # "Dropbox (某某单位)"
            return "Dropbox"
    return None


PROBE_BYTES = 4096  # a disk with less than one page free is full for a database


def data_folder_problem(root: Path) -> str | None:
    """Why nothing can be saved in root (read-only, no permission, disk full, a file in its place), in
    Chinese; None when a small file can be written there and removed."""
    import tempfile

    try:
        root.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".fazhi-probe-", dir=root)
        try:
            os.write(handle, b"\0" * PROBE_BYTES)
            os.fsync(handle)
        finally:
            os.close(handle)
            os.unlink(name)
    except OSError as exc:
        return folder_error_text(root, exc)
    return None


def folder_error_text(root: Path, exc: OSError) -> str:
    """What an OSError met in the data folder means for the officer, and what to do (the window's wording:
    it offers another folder where the command line says --data-dir)."""
    from desktop.store import failures

    kind = failures.os_failure(exc)
    if kind == failures.FULL:
        return (f"数据文件夹 {root} 所在的磁盘空间不足，程序无法保存任何内容。"
                "请清理这块磁盘（删除不需要的文件、清空回收站）后再启动，或选择另一块磁盘上的数据文件夹。")
    if kind == failures.READ_ONLY:
        return (f"数据文件夹 {root} 不能写入：它所在的磁盘是只读的（例如写保护的 U 盘、光盘或只读共享）。"
                "请解除写保护，或选择另一个数据文件夹。")
    if kind == failures.NO_ACCESS:
        return f"数据文件夹 {root} 不能写入：当前用户没有写入权限。请选择另一个数据文件夹，或请管理员开放权限。"
    if kind == failures.NOT_A_FOLDER:
        return f"数据文件夹 {root} 无法使用：这个位置已有一个同名的文件，而不是文件夹。请选择另一个数据文件夹。"
    if kind == failures.IO:
        return f"读写数据文件夹 {root} 时出错：这块磁盘可能已被拔出或已损坏。请检查磁盘，或选择另一个数据文件夹。"
    return f"数据文件夹 {root} 不能写入（{failures.reason(exc)}）。请选择另一个数据文件夹。"


def remember_chosen_folder(root: Path) -> Path | None:
    """Write the folder the officer chose instead of the default one, for later starts (atomically);
    the settings file, or None when it could not be written (the choice then holds for this run)."""
    from desktop.domain.errors import UserError
    from desktop.paths import chosen_folder_file
    from desktop.services import atomic

    target = chosen_folder_file()
    try:
        atomic.write_bytes(target, f"{root}\n".encode())
    except UserError:
        return None
    return target
