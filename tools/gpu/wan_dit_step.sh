#!/bin/bash
# Wan2.1 DiT training steps on CUDA (bench wan-dit-step) and, with REFERENCE=1, the official model's steps on the
# same GPU (tools/wan_goldens/dit_step_reference.py; needs WAN= at pack time). Peak GPU memory is sampled with
# nvidia-smi every 100 ms. Writes $OUT/log.txt and $OUT/results.jsonl (one JSON object per run).
set -u
exec > >(tee "$OUT/log.txt") 2>&1
. "$(dirname "$0")/env.sh"
R=$OUT/results.jsonl
run() {
  name=$1; shift
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 100 > /tmp/mem-$name.txt & mp=$!
  timeout ${T:-150} "$@" > /tmp/out-$name.json 2> /tmp/err-$name.txt; rc=$?
  kill $mp; peak=$(sort -n /tmp/mem-$name.txt | tail -1)
  echo "== $name rc=$rc peak_gpu_MiB=$peak"; tail -4 /tmp/err-$name.txt
  python3 - "$name" "$rc" "$peak" /tmp/out-$name.json >> $R <<'PY'
import json, sys
name, rc, peak, path = sys.argv[1:5]
text = open(path).read().strip()
try: body = json.loads(text[text.index('{'):])
except Exception: body = {'stdout_tail': text[-400:]}
print(json.dumps({'run': name, 'rc': int(rc), 'peak_gpu_mib': int(peak or 0), **body}))
PY
}
NET="/tmp/dn/dotnet .devrun/app/UnityVideo.Bench.dll wan-dit-step device=cuda"
run net-tiny $NET preset=tiny frames=2 height=8 width=8 steps=2
run net-full-ckpt-81f $NET frames=21 height=60 width=104 mode=full checkpoint=on steps=3
run net-lora-ckpt-81f $NET frames=21 height=60 width=104 mode=lora checkpoint=on steps=3
run net-full-ckpt-17f $NET frames=5 height=60 width=104 mode=full checkpoint=on steps=3
run net-full-plain-17f $NET frames=5 height=60 width=104 mode=full checkpoint=off steps=3
if [[ "${REFERENCE:-0}" == 1 ]]; then
  PYREF="python3 tools/wan_goldens/dit_step_reference.py --wan .devrun/wan --steps 3"
  run ref-ckpt-81f $PYREF --frames 21 --checkpoint
  run ref-ckpt-17f $PYREF --frames 5 --checkpoint
  run ref-plain-17f $PYREF --frames 5
fi
