#!/usr/bin/env bash
# A throw-away one-node Slurm cluster on this machine, for testing the sbatch array template for real:
# munged, slurmctld and slurmd started directly (no systemd needed), every file (config, munge key and
# socket, state, spool, logs, pid files) under one directory, on ports of their own, so the machine's
# /etc/slurm and any other Slurm or munge instance are left alone.
#
#   bash cluster/local-slurm.sh start DIR   installs Debian's slurm-wlm and munge when missing (root),
#                                           starts the daemons, waits until the node is idle, and prints
#                                           `export SLURM_CONF=DIR/slurm.conf` for sbatch/squeue/sinfo
#   bash cluster/local-slurm.sh stop DIR    stops the daemons started in DIR (by their pid files)
#
# The configuration is the smallest that runs batch jobs without cgroups: proctrack/linuxproc,
# task/none, no accounting database (job states come from `scontrol show job`), auth/munge.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
(($# == 2)) || usage
action=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)

stop_daemons() {
  local name pid
  for name in slurmd slurmctld munged; do
    [[ -f "$dir/$name.pid" ]] || continue
    pid=$(cat "$dir/$name.pid")
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/$name.pid"
  done
}

if [[ "$action" == stop ]]; then
  # Jobs first (every job of this private cluster is ours), so no job step outlives slurmd.
  if [[ -f "$dir/slurmctld.pid" ]] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null; then
    SLURM_CONF="$dir/slurm.conf" scancel --quiet --user="$(id -un)" 2>/dev/null || true
    for _ in $(seq 50); do
      [[ -z "$(SLURM_CONF="$dir/slurm.conf" squeue -h -o %i 2>/dev/null)" ]] && break
      sleep 0.2
    done
  fi
  stop_daemons
  exit 0
fi
[[ "$action" == start ]] || usage

# 1. Packages (Debian): slurm-wlm brings slurmctld, slurmd and the client commands; munge the auth daemon.
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "local-slurm: slurm-wlm and munge are not installed, and this is not a root Debian shell to install them" >&2
    exit 3
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends slurm-wlm munge >&2
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "local-slurm: needs root (slurmd runs jobs as the submitting user)" >&2
  exit 3
fi

# A free TCP port at or above $1 (nothing listening on it; bash's /dev/tcp connect fails).
free_port() {
  local port=$1
  while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

stop_daemons
# Whatever fails from here on leaves no daemon behind.
trap 'status=$?; if ((status != 0)); then stop_daemons; fi' EXIT
mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
chmod 700 "$dir/munge"
host=$(hostname -s)
ctld_port=$(free_port "${SLURMCTLD_PORT:-16817}")
slurmd_port=$(free_port $((ctld_port + 1)))

# 2. munge: its own key and socket (a 1024-byte random key, as mungekey makes).
if [[ ! -f "$dir/munge/munge.key" ]]; then
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 600 "$dir/munge/munge.key"
fi
munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
  --pid-file="$dir/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed"

# 3. slurm.conf: one node (this host, all its CPUs), one default partition.
cat >"$dir/slurm.conf" <<CONF
ClusterName=smeftfit-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
SlurmdParameters=config_overrides
DependencyParameters=kill_invalid_depend
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"

# 4. The daemons (each forks into the background and writes its pid file).
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"

# 5. Wait until the node takes jobs.
for _ in $(seq 120); do
  state=$(sinfo -h -N -o '%t' 2>/dev/null | head -n1 || true)
  if [[ "$state" == idle ]]; then
    echo "export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.5
done
echo "local-slurm: node $host did not become idle within 60 s (state: ${state:-none}); logs in $dir/log" >&2
tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 2>/dev/null || true
exit 1
