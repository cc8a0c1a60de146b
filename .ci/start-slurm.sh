#!/usr/bin/env bash
# Start a one-node Slurm on this machine (Debian's slurm-wlm and munge), as root, so the
# cluster tests submit real job arrays. Idempotent: when the node already answers `sinfo`
# as idle or busy, nothing is started. No systemd needed (containers, CI runners).
#
#   sudo .ci/start-slurm.sh        # then: sinfo, sbatch, squeue work on this host
#
# The configuration is the smallest that runs jobs: no accounting database, no cgroups
# (ProctrackType=proctrack/linuxproc, TaskPlugin=task/none), CPUs as consumable resources
# so several one-CPU array tasks share the node. It is written only when absent, so a
# real cluster's /etc/slurm/slurm.conf is never replaced.
set -euo pipefail

CONF_DIR=/etc/slurm
CONF=$CONF_DIR/slurm.conf
WAIT_SECONDS=${SLURM_START_WAIT:-60}

say() { echo "start-slurm: $*" >&2; }

node_ready() {
  # sinfo answers only when slurmctld is up; the node must be usable (not down or drained).
  local state
  state=$(timeout 5 sinfo --noheader --nodes="$(hostname -s)" --format=%T 2>/dev/null | head -n1) || return 1
  case "$state" in idle|mixed|allocated|completing) return 0 ;; *) return 1 ;; esac
}

if [ "$(id -u)" != 0 ]; then say "must run as root (it starts munged, slurmctld and slurmd)"; exit 1; fi
for bin in munged slurmctld slurmd sinfo sbatch; do
  command -v "$bin" >/dev/null || { say "$bin not found: apt-get install slurm-wlm munge"; exit 1; }
done

# Two test runs may start at once: one sets up, the other waits and then finds it ready.
mkdir -p /run/lock
# Daemons started below get 9>&- so they do not hold the lock for ever.
exec 9>/run/lock/castsim-start-slurm.lock
flock 9

if node_ready; then say "Slurm already running on $(hostname -s)"; exit 0; fi

host=$(hostname -s)
cpus=$(nproc)
# Slurm drains a node whose RealMemory exceeds what it finds: claim 90% of MemTotal (MiB).
mem=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)

# munge: every Slurm message is signed with a key shared by all nodes.
if [ ! -s /etc/munge/munge.key ]; then
  say "creating /etc/munge/munge.key"
  mkdir -p /etc/munge
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
fi
mkdir -p /run/munge /var/lib/munge /var/log/munge
chown munge:munge /etc/munge /etc/munge/munge.key /run/munge /var/lib/munge /var/log/munge
chmod 0700 /etc/munge /var/log/munge
chmod 0400 /etc/munge/munge.key
chmod 0755 /run/munge
if ! munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "starting munged"
  runuser -u munge -- /usr/sbin/munged --force </dev/null >/dev/null 2>&1 9>&-
fi

mkdir -p "$CONF_DIR" /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
if [ ! -e "$CONF" ]; then
  say "writing $CONF for node $host ($cpus CPUs, ${mem} MiB)"
  cat >"$CONF" <<EOF
# One-node Slurm written by castsim's .ci/start-slurm.sh.
ClusterName=castsim
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
# Finished jobs stay visible to scontrol for five minutes.
MinJobAge=300
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
fi

if ! pgrep -x slurmctld >/dev/null; then
  say "starting slurmctld"
  slurmctld </dev/null >>/var/log/slurm/slurmctld.start.log 2>&1 9>&-
fi
if ! pgrep -x slurmd >/dev/null; then
  say "starting slurmd"
  slurmd </dev/null >>/var/log/slurm/slurmd.start.log 2>&1 9>&-
fi

for _ in $(seq 1 "$WAIT_SECONDS"); do
  if node_ready; then say "node $host is up"; sinfo >&2; exit 0; fi
  # A node left down by an earlier, stopped slurmd comes back once slurmd answers again.
  scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true
  sleep 1
done
say "node $host not idle after ${WAIT_SECONDS}s:"
sinfo >&2 || true
tail -n 20 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
exit 1
