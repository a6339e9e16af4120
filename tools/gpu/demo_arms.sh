#!/bin/bash
# Arms of the demo recipe at GPU step counts: each arm × seeds 0 and 1 trained side by side on the demo's training
# world (data synth --clips 256 --size 32 --frames 8 --fps 4 --seed 0). Arms: plain (the recipe as it is), pd
# (Model:PixelDecoder=32), pdfg (pd with Training:ForegroundBalance=1), mps2 (Training:ModalitiesPerStep=2),
# tp2 / tp4 (Model:TemporalPatch=2 / 4), tp2mps2 (both), tp2fg / tp4fg (tp2 / tp4 with Training:ForegroundBalance=1).
# Brings back every run's model (EMA weights) and metrics; they are evaluated afterwards on the CPU (eval
# --checkpoint MODEL on validation clips, with panels: this machine has neither ffmpeg nor ImageMagick's library).
# Needs: LEAN=1 tools/gpu/pack.sh, then cp CONFIG .devrun/config.json.
# Env: MODELS (the runs whose models come back, e.g. "plain-s0 tp2-s0"; by default this call's, though a warm machine
# still holds an earlier call's: at most 8 files come back), PACK_MODELS
# (set: the models come back as one xz stream in 15 MB parts), STEPS (4000), STEPS_<arm> (that arm's steps, e.g. STEPS_tp2=2200 for an equal-CPU-time comparison; STEPS
# otherwise), ARMS ("plain pd pdfg"), LIMIT (seconds a run may train before it is
# stopped at a checkpoint and its model written, 380).
set -u
exec > >(tee "$OUT/log.txt") 2>&1
. "${ENV_SH:-$(dirname "$0")/env.sh}"   # ENV_SH: a stand-in for a dry run on the CPU
cli="/tmp/dn/dotnet .devrun/app/unityvideo.dll"
steps=${STEPS:-4000}
$cli data synth --out /tmp/pd/train --clips 256 --size 32 --frames 8 --fps 4 --seed 0 | tail -1
run() { # arm seed settings...
  local arm=$1 seed=$2; shift 2
  local dir=/tmp/pd/$arm-s$seed armsteps=STEPS_$arm
  local steps=${!armsteps:-$steps}
  timeout -s INT ${LIMIT:-380} $cli --config .devrun/config.json train --data /tmp/pd/train --out $dir --steps $steps \
    --seed $seed --device ${DEVICE:-cuda} --set Runtime:Threads=2 --set Training:CheckpointEvery=1000 "$@" > $dir.train.log 2>&1
  echo "$arm s$seed train rc=$? at ${SECONDS}s: $(tail -1 $dir/metrics.jsonl)"
  if [[ ! -f $dir/model.safetensors ]]; then   # stopped at LIMIT: write the model of the step it saved
    local last=$(ls $dir/checkpoints | sort | tail -1 | grep -o '[0-9]\+' | sed 's/^0*//')
    $cli --config .devrun/config.json train --data /tmp/pd/train --out $dir --steps $last --seed $seed --resume --device ${DEVICE:-cuda} "$@" >> $dir.train.log 2>&1
    echo "$arm s$seed stopped at step $last: model rc=$?"
  fi
}
declare -A sets=([plain]="" [pd]="--set Model:PixelDecoder=32" [pdfg]="--set Model:PixelDecoder=32 --set Training:ForegroundBalance=1"
  [mps2]="--set Training:ModalitiesPerStep=2" [tp2]="--set Model:TemporalPatch=2" [tp4]="--set Model:TemporalPatch=4"
  [tp2mps2]="--set Model:TemporalPatch=2 --set Training:ModalitiesPerStep=2"
  [tp2fg]="--set Model:TemporalPatch=2 --set Training:ForegroundBalance=1"
  [tp4fg]="--set Model:TemporalPatch=4 --set Training:ForegroundBalance=1")
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader -l 20 &
smi=$!
start=$SECONDS
for arm in ${ARMS:-plain pd pdfg}; do for seed in 0 1; do run $arm $seed ${sets[$arm]} & done; done
wait -f $(jobs -p | grep -v "^$smi$")
kill $smi
echo "all done in $((SECONDS - start)) s"
cd /tmp/pd
models=${MODELS:-$(for arm in ${ARMS:-plain pd pdfg}; do echo $arm-s0 $arm-s1; done)}
if [[ -n "${PACK_MODELS:-}" ]]; then   # more models than 8 files: one xz stream in 15 MB parts (cat models.tar.xz.* | xz -d | tar x)
  rm -rf /tmp/models && mkdir -p /tmp/models && for d in $models; do cp $d/model.safetensors /tmp/models/$d.safetensors; done
  (cd /tmp/models && tar cf - *.safetensors | xz -T0 -6 | split -b 15M - $OUT/models.tar.xz.)
else
  for d in $models; do cp $d/model.safetensors $OUT/$d.safetensors 2>/dev/null; done
fi
tar czf $OUT/runs.tgz */metrics.jsonl */config.json *.log 2>/dev/null
ls -la $OUT
