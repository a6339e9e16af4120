#!/bin/bash
# The paper's Tables 2-4 (`unityvideo ablate --table 2|3|4`) with the defaults of the day at the demo's 32×32, on a GPU.
# docs/experiments/ablation-32px-gpu/experiment.json also defines each distinct arm as a one-arm table: those train in
# parallel processes (one per arm, its seeds one after another), then the built-in tables run in the same study folder
# and reuse every run (a run is keyed by its resolved configuration and seed), so they only write their tables.
# Needs: LEAN=1 tools/gpu/pack.sh. Env: STEPS (1500), SEEDS (3), LIMIT (seconds the arms may train, 460).
# Brings back log.txt and tables.tgz: the logs, the three table folders and every run's measure and training record.
set -u
exec > >(tee "$OUT/log.txt") 2>&1
. "${ENV_SH:-$(dirname "$0")/env.sh}"   # ENV_SH: a stand-in for a dry run on the CPU
exp=docs/experiments/ablation-32px-gpu/experiment.json
study=/tmp/ablate32
logs=/tmp/ablate32-logs && mkdir -p $logs
abl() { # limit-seconds table
  timeout -s INT $1 /tmp/dn/dotnet .devrun/app/unityvideo.dll --config $exp ablate --out $study --steps ${STEPS:-1500} --seeds ${SEEDS:-3} --device ${DEVICE:-cuda} --table $2
}
start=$SECONDS
# The clips first, once (parallel arms would each build them): one step of one seed of one arm, discarded by the tables
/tmp/dn/dotnet .devrun/app/unityvideo.dll --config $exp ablate --out $study --steps 1 --seeds 1 --device ${DEVICE:-cuda} --table arm-rgb > $logs/data.log 2>&1
echo "data rc=$? at $((SECONDS - start)) s"
for arm in rgb flow depth both cg jg neither icl ms; do
  abl ${LIMIT:-460} arm-$arm > $logs/arm-$arm.log 2>&1 &
done
wait $(jobs -p)
echo "arms done at $((SECONDS - start)) s"; grep -h "measure" $logs/arm-*.log | tail -30
for t in 2 3 4; do  # a seed cut short by LIMIT: the table of the seeds every arm finished
  abl 60 $t > $logs/table-$t.log 2>&1 || SEEDS=$((${SEEDS:-3} - 1)) abl 60 $t > $logs/table-$t-fewer-seeds.log 2>&1
  echo "table $t rc=$? at $((SECONDS - start)) s"
done
cat $study/table-*/table.md 2>/dev/null
cd /tmp && tar czf $OUT/tables.tgz ablate32-logs/ ablate32/table-*/ ablate32/runs/*/measure-*.json ablate32/runs/*/trained.json ablate32/runs/*/run/metrics.jsonl 2>/dev/null
ls -la $OUT
