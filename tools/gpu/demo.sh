#!/bin/bash
# The CLI's demo on CUDA: SEED (0) and DEMO_MIN (4 minutes). Brings back the model, metrics, report and panels.
set -u
exec > >(tee "$OUT/log.txt") 2>&1
. "$(dirname "$0")/env.sh"
seed=${SEED:-0}
dir=/tmp/gpu-demo-$seed
nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 500 > /tmp/mem.txt & mp=$!
timeout 330 /tmp/dn/dotnet .devrun/app/unityvideo.dll demo --out $dir --device cuda --minutes ${DEMO_MIN:-4} \
  --eval-clips 8 --seed $seed > $OUT/demo-stdout.txt 2> $OUT/demo-stderr.txt
echo "demo rc=$? peak_gpu_MiB=$(sort -n /tmp/mem.txt | tail -1)"; kill $mp
tail -25 $OUT/demo-stdout.txt; tail -5 $OUT/demo-stderr.txt
cp $dir/run/model.safetensors $dir/run/metrics.jsonl $dir/eval/report.json $OUT/ 2>/dev/null
(cd $dir && tar czf $OUT/panels.tgz report.md eval/report.md eval/panels run/loss.png run/config.json 2>/dev/null)
