"""Two real Syncthing instances on this machine share the store folder of two
devices, which write while it syncs; they must converge on one journal that
loses nothing (the same checks as the simulator's).

Each instance has a home of its own, listens on 127.0.0.1 only (random ports, an
API key), with discovery, relays, NAT traversal and usage reporting off; each
knows the other by device id and address. The shared folder is rescanned every
second and watched. Skipped when ``syncthing`` is not installed
(``apt-get install -y syncthing`` installs it; nothing else is needed).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.sync.simulator import Cluster, Device, files_of, make_template

SYNCTHING = shutil.which("syncthing")
TIMEOUT = 90.0
pytestmark = pytest.mark.skipif(SYNCTHING is None, reason="syncthing is not installed (apt-get install -y syncthing)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Instance:
    """One Syncthing process for one device's folder."""

    def __init__(self, device: Device, root: Path) -> None:
        self.device = device
        self.home = root / f"syncthing-{device.name}"
        self.port, self.gui, self.key = free_port(), free_port(), secrets.token_hex(16)
        self.env = {**os.environ, "HOME": str(self.home), "STNODEFAULTFOLDER": "1", "STNOUPGRADE": "1"}
        self.proc: subprocess.Popen | None = None
        self._run("generate", f"--home={self.home}", "--no-default-folder", "--skip-port-probing")
        self.id = self._run("serve", f"--home={self.home}", "--device-id").stdout.strip()

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([SYNCTHING, *args], env=self.env, capture_output=True, text=True, timeout=60, check=True)

    def configure(self, peer: Instance) -> None:
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        for old in root.findall("folder"):
            root.remove(old)
        mine = root.find("device")
        mine.set("name", self.device.name)
        for addr in mine.findall("address"):
            mine.remove(addr)
        ET.SubElement(mine, "address").text = f"tcp://127.0.0.1:{self.port}"
        other = ET.SubElement(root, "device", id=peer.id, name=peer.device.name, compression="metadata")
        ET.SubElement(other, "address").text = f"tcp://127.0.0.1:{peer.port}"
        folder = ET.Element(
            "folder",
            id="cuelog",
            label="cuelog",
            path=str(self.device.folder),
            type="sendreceive",
            rescanIntervalS="1",
            fsWatcherEnabled="true",
            fsWatcherDelayS="1",
        )
        for device_id in (self.id, peer.id):
            ET.SubElement(folder, "device", id=device_id)
        ET.SubElement(folder, "markerName").text = ".stfolder"
        root.insert(0, folder)
        gui = root.find("gui")
        gui.set("tls", "false")
        gui.find("address").text = f"127.0.0.1:{self.gui}"
        key = gui.find("apikey")
        if key is None:
            key = ET.SubElement(gui, "apikey")
        key.text = self.key
        options = root.find("options")
        settings = {
            "listenAddress": f"tcp://127.0.0.1:{self.port}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "startBrowser": "false",
            "urAccepted": "-1",
            "autoUpgradeIntervalH": "0",
            "crashReportingEnabled": "false",
            "announceLANAddresses": "false",
        }
        for name, value in settings.items():
            for old in options.findall(name):
                options.remove(old)
            ET.SubElement(options, name).text = value
        tree.write(path)
        (self.device.folder / ".stfolder").mkdir(exist_ok=True)

    def start(self) -> None:
        log = open(self.home / "syncthing.log", "wb")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(
            [SYNCTHING, "serve", f"--home={self.home}", "--no-browser", "--no-restart", "--no-upgrade", "--logflags=0"],
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui}{path}", method=method, headers={"X-API-Key": self.key}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            body = response.read()
        return json.loads(body) if body else None

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            self.api("/rest/system/shutdown", "POST")
            self.proc.wait(timeout=15)
        except Exception:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path: data
        for path, data in files_of(folder, skip=(".git", ".stfolder", ".stversions")).items()
        if not Path(path).name.startswith(".syncthing.")
    }


class RealSyncthing:
    """The simulator's engine interface over two running Syncthing instances."""

    def __init__(self, devices: list[Device], root: Path, clock) -> None:
        assert len(devices) == 2
        self.devices = devices
        self.instances = [Instance(d, root) for d in devices]
        a, b = self.instances
        a.configure(b)
        b.configure(a)
        self.conflicts = 0
        for instance in self.instances:
            instance.start()
        try:
            self._wait(self._connected, "the two instances to connect")
            self.converge()
        except BaseException:
            self.stop()
            raise

    def _wait(self, done, what: str, timeout: float = TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if done():
                    return
            except OSError:
                pass  # not listening yet
            time.sleep(0.3)
        logs = "\n".join((i.home / "syncthing.log").read_text(errors="replace")[-3000:] for i in self.instances)
        raise AssertionError(f"waited {timeout:.0f}s for {what}\n{logs}")

    def _connected(self) -> bool:
        a, b = self.instances
        return bool(a.api("/rest/system/connections")["connections"].get(b.id, {}).get("connected"))

    def _settled(self) -> bool:
        for instance in self.instances:
            instance.api("/rest/db/scan?folder=cuelog", "POST")
        a, b = self.devices
        if _tree(a.folder) != _tree(b.folder):
            return False
        for instance in self.instances:
            status = instance.api("/rest/db/status?folder=cuelog")
            if status["state"] != "idle" or status["needTotalItems"] or status.get("pullErrors"):
                return False
        return _tree(a.folder) == _tree(b.folder)

    def sync(self, a: str, b: str) -> int:
        self.converge()
        return 0

    def converge(self, names=None) -> None:
        self._wait(self._settled, "both folders to hold the same files")

    def stop(self) -> None:
        for instance in self.instances:
            instance.stop()


def test_two_real_syncthing_instances_converge(tmp_path):
    template = make_template(tmp_path / "template", encrypted=True)
    started = time.monotonic()
    cluster = Cluster(tmp_path / "run", template, devices=2, engine=RealSyncthing)
    try:
        # Written while Syncthing runs: no waiting between most of them, so files of one
        # device arrive at the other while it reads and writes.
        steps = [
            ("A", ("craving", 5)),
            ("B", ("craving", 6)),
            ("A", ("edit", "seed in November", None)),
            ("B", ("checkin", "2026-11-20", True)),
            ("B", ("edit", "seed in October", "2026-11-05 19:45")),
            None,
            ("A", ("checkin", "2026-11-20", False)),
            ("B", ("edit", 0, None)),
            ("A", ("edit", 1, "2026-10-12 08:30")),
            ("B", ("plan",)),
            ("A", ("undo",)),
            ("A", ("quit", "2026-11-01")),
            ("B", ("delete", 2)),
            ("A", ("craving", 2)),
            ("B", ("undo",)),
            ("A", ("delete", 0)),
        ]
        for step in steps:
            if step is None:
                cluster.engine.converge()
                cluster.say("waited for Syncthing")
            else:
                cluster.do(*step)
        checked = cluster.settle()
    finally:
        cluster.engine.stop()
    print("\n".join(cluster.log), checked)
    assert time.monotonic() - started < 3 * TIMEOUT
