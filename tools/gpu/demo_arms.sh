#!/bin/bash
# Arms of the demo recipe at GPU step counts: each arm × seeds 0 and 1 trained side by side on the demo's training
# world (data synth --clips 256 --size 32 --frames 8 --fps 4 --seed 0). Arms: plain (the recipe as it is), pd
# (Model:PixelDecoder=32), pdfg (pd with Training:ForegroundBalance=1), mps2 (Training:ModalitiesPerStep=2),
# tp2 / tp4 (Model:TemporalPatch=2 / 4), tp2mps2 (both), tp2fg / tp4fg (tp2 / tp4 with Training:ForegroundBalance=1),
# fgs (the balance for segmentation, skeleton and DensePose only), r64 / r64fgs (plain / fgs on the same world at
# 64×64: people twice as tall in pixels).
# Brings back every run's model (EMA weights) and metrics; they are evaluated afterwards on the CPU (eval
# --checkpoint MODEL on validation clips, with panels: this machine has neither ffmpeg nor ImageMagick's library),
# or, with EVAL=1, here on the GPU without panels (eval --panels 0) on the 8 validation clips of world seed 7 at
# each arm's size: eval-<run>.json comes back.
# Needs: LEAN=1 tools/gpu/pack.sh, then cp CONFIG .devrun/config.json.
# Env: MODELS (the runs whose models come back, e.g. "plain-s0 tp2-s0"; by default this call's, though a warm machine
# still holds an earlier call's: at most 8 files come back), PACK_MODELS
# (set: the models come back as one xz stream in 15 MB parts), STEPS (4000), STEPS_<arm> (that arm's steps, e.g. STEPS_tp2=2200 for an equal-CPU-time comparison; STEPS
# otherwise), ARMS ("plain pd pdfg"), LIMIT (seconds a run may train before it is
# stopped at a checkpoint and its model written, 380), CKPT (checkpoint every N steps, 1000), EVAL_LIMIT (seconds
# for all evaluations together, 150).
set -u
exec > >(tee "$OUT/log.txt") 2>&1
. "${ENV_SH:-$(dirname "$0")/env.sh}"   # ENV_SH: a stand-in for a dry run on the CPU
cli="/tmp/dn/dotnet .devrun/app/unityvideo.dll"
steps=${STEPS:-4000}
arms=${ARMS:-plain pd pdfg}
size() { [[ $1 == r64* ]] && echo 64 || echo 32; }
for n in $(for arm in $arms; do size $arm; done | sort -u); do
  $cli data synth --out /tmp/pd/train$n --clips 256 --size $n --frames 8 --fps 4 --seed 0 | tail -1
  [[ -n "${EVAL:-}" ]] && $cli data synth --out /tmp/pd/val$n --clips 8 --split test --size $n --frames 8 --fps 4 --seed 7 | tail -1
done
run() { # arm seed settings...
  local arm=$1 seed=$2; shift 2
  local dir=/tmp/pd/$arm-s$seed armsteps=STEPS_$arm n=$(size $arm)
  local steps=${!armsteps:-$steps} sized="--set Model:Height=$n --set Model:Width=$n"
  timeout -s INT ${LIMIT:-380} $cli --config .devrun/config.json train --data /tmp/pd/train$n --out $dir --steps $steps \
    --seed $seed --device ${DEVICE:-cuda} --set Runtime:Threads=2 --set Training:CheckpointEvery=${CKPT:-1000} \
    $sized "$@" > $dir.train.log 2>&1
  echo "$arm s$seed train rc=$? at ${SECONDS}s: $(tail -1 $dir/metrics.jsonl)"
  if [[ ! -f $dir/model.safetensors ]]; then   # stopped at LIMIT: write the model of the step it saved
    local last=$(ls $dir/checkpoints | sort | tail -1 | grep -o '[0-9]\+' | sed 's/^0*//')
    $cli --config .devrun/config.json train --data /tmp/pd/train$n --out $dir --steps $last --seed $seed --resume --device ${DEVICE:-cuda} \
      $sized "$@" >> $dir.train.log 2>&1
    echo "$arm s$seed stopped at step $last: model rc=$?"
  fi
}
declare -A sets=([plain]="" [pd]="--set Model:PixelDecoder=32" [pdfg]="--set Model:PixelDecoder=32 --set Training:ForegroundBalance=1"
  [mps2]="--set Training:ModalitiesPerStep=2" [tp2]="--set Model:TemporalPatch=2" [tp4]="--set Model:TemporalPatch=4"
  [tp2mps2]="--set Model:TemporalPatch=2 --set Training:ModalitiesPerStep=2"
  [tp2fg]="--set Model:TemporalPatch=2 --set Training:ForegroundBalance=1"
  [tp4fg]="--set Model:TemporalPatch=4 --set Training:ForegroundBalance=1")
sparse="--set Training:ForegroundBalanceByModality:segmentation=1 --set Training:ForegroundBalanceByModality:skeleton=1 --set Training:ForegroundBalanceByModality:densepose=1"
sets[fgs]=$sparse; sets[r64]=""; sets[r64fgs]=$sparse
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader -l 20 &
smi=$!
start=$SECONDS
for arm in $arms; do for seed in 0 1; do run $arm $seed ${sets[$arm]} & done; done
wait -f $(jobs -p | grep -v "^$smi$")
kill $smi
echo "all done in $((SECONDS - start)) s"
runs=$(for arm in $arms; do echo $arm-s0 $arm-s1; done)
if [[ -n "${EVAL:-}" ]]; then   # every run's model at once, reports only (no panel encoder here)
  for r in $runs; do
    n=$(size $r)
    ( timeout ${EVAL_LIMIT:-150} $cli --config /tmp/pd/$r/config.json eval --checkpoint /tmp/pd/$r/model.safetensors \
        --data /tmp/pd/val$n --out /tmp/pd/eval-$r --steps 10 --seed 0 --panels 0 --device ${DEVICE:-cuda} \
        --set Runtime:Threads=2 > /tmp/pd/eval-$r.log 2>&1
      echo "eval $r rc=$? at ${SECONDS}s"; cp /tmp/pd/eval-$r/report.json $OUT/eval-$r.json ) &
  done
  wait $(jobs -p)   # not a bare wait: that also waits for the tee of exec > >(…)
fi
cd /tmp/pd
models=${MODELS:-$runs}
if [[ -n "${PACK_MODELS:-}" ]]; then   # more models than 8 files: one xz stream in 15 MB parts (cat models.tar.xz.* | xz -d | tar x)
  rm -rf /tmp/models && mkdir -p /tmp/models && for d in $models; do cp $d/model.safetensors /tmp/models/$d.safetensors; done
  (cd /tmp/models && tar cf - *.safetensors | xz -T0 -6 | split -b 15M - $OUT/models.tar.xz.)
else
  for d in $models; do cp $d/model.safetensors $OUT/$d.safetensors 2>/dev/null; done
fi
tar czf $OUT/runs.tgz */metrics.jsonl */config.json *.log 2>/dev/null
ls -la $OUT
