/**
 * The files the installer gives to systemd and logrotate. The service runs unprivileged with only
 * the capabilities packet capture needs, and may write only below /opt/wallarm/var.
 */
import { SERVICE_USER, SYSTEM_PATHS as P } from './layout';

export function unitFile(version: string): string {
  return `# Written by the aio-native installer ${version}; re-running the installer rewrites this file.
# Local changes belong in a drop-in: systemctl edit wallarm
[Unit]
Description=aio-native out-of-band traffic analysis node (wallarm)
Documentation=file://${P.base}/etc/wallarm/
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=${SERVICE_USER}
Group=${SERVICE_USER}
EnvironmentFile=-${P.envList}
ExecStart=${P.binary} run --config ${P.config} --node-yaml ${P.nodeYaml} --state-dir ${P.stateDir}
Restart=on-failure
RestartSec=5s
# 78 = invalid go-node.yaml (EX_CONFIG): restarting cannot help; the log says what to fix.
RestartPreventExitStatus=78
StandardOutput=append:${P.log}
StandardError=append:${P.log}
AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN
CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN
NoNewPrivileges=yes
ProtectSystem=strict
ReadWritePaths=${P.varDir}
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictSUIDSGID=yes
LimitNOFILE=65536
# Priority on a busy sensor (docs/operations.md "Service priority"): the capture thread must read
# the kernel's ring in time, or frames are lost at random mid-connection. CPUWeight= is the
# service's share of the CPU against other services (cgroup weight, default 100); Nice= counts
# between services only where the kernel does not group them (no cpu cgroup, no autogroup).
# Analysis workers run http_inspector.worker_nice levels below the capture thread. Override both
# in a drop-in (docs/configuration.md "The service's priority").
CPUWeight=1000
Nice=-5

[Install]
WantedBy=multi-user.target
`;
}

/** copytruncate: the service appends to its log (O_APPEND), so truncating in place is safe. */
export function logrotateFile(): string {
  return `# Written by the aio-native installer.
${P.logDir}/*.log {
    su ${SERVICE_USER} ${SERVICE_USER}
    daily
    rotate 7
    maxsize 100M
    compress
    delaycompress
    missingok
    notifempty
    copytruncate
}
`;
}
