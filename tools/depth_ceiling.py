#!/usr/bin/env python3
"""Reference numbers for depth estimation on a synthetic clip dataset: what abs_rel a model could reach.

Scores, with the project's depth code (per-clip min-max disparity in [-1, 1], decoded as 1 / ((n + 1) / 2 + 0.1)) and
metric (per-clip scale-and-shift fit in disparity, abs_rel averaged over frames):
  - the mean code over the training clips (the best estimate that ignores the video),
  - another held-out clip's exact depth,
  - each clip's own ground truth averaged over P x P pixel blocks (a model that reads the video perfectly but draws
    one value per token of patch size P).
Usage: tools/depth_ceiling.py TRAIN_DIR TEST_DIR   (folders written by `unityvideo data synth`; needs numpy)
"""
import glob
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": np.float32, "F16": np.float16, "U8": np.uint8, "I16": np.int16, "I32": np.int32, "I64": np.int64}


def read_tensor(path, key):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        entry = header[key]
        start, end = entry["data_offsets"]
        f.seek(8 + size + start)
        return np.frombuffer(f.read(end - start), dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"]).astype(np.float64)


def encode(depth):
    valid = np.isfinite(depth) & (depth > 0)
    disparity = np.where(valid, 1 / np.where(valid, depth, 1), 0)
    hi, lo = disparity[valid].max(), disparity[valid].min()
    scaled = (disparity - lo) / (hi - lo) * 2 - 1 if hi > lo else np.zeros_like(disparity)
    return np.clip(np.where(valid, scaled, -1), -1, 1)


def decode(code):
    return 1 / ((code + 1) / 2 + 0.1)


def abs_rel(pred, gt):
    valid = np.isfinite(gt) & (gt > 0)
    x, y = 1 / pred, 1 / np.where(valid, gt, 1)
    design = np.stack([x[valid], np.ones(valid.sum())], 1)
    s, t = np.linalg.lstsq(design, y[valid], rcond=None)[0]
    aligned = 1 / np.maximum(x * s + t, 1e-6)
    err = np.abs(aligned - gt) / np.where(valid, gt, 1)
    return np.mean([err[f][valid[f]].mean() for f in range(gt.shape[0]) if valid[f].any()])


def pooled(code, p):
    t, h, w = code.shape
    blocks = code.reshape(t, h // p, p, w // p, p).mean((2, 4))
    return np.repeat(np.repeat(blocks, p, 1), p, 2)


def main(train_dir, test_dir):
    train = [read_tensor(f, "depth") for f in sorted(glob.glob(f"{train_dir}/clip_*.safetensors"))]
    test = [read_tensor(f, "depth") for f in sorted(glob.glob(f"{test_dir}/clip_*.safetensors"))]
    mean_code = np.mean([encode(d) for d in train], 0)
    rows = {"mean training code (ignores the video)": [], "another held-out clip's exact depth": []}
    for p in (2, 4, 8):
        rows[f"own depth averaged over {p}x{p} blocks"] = []
    for i, gt in enumerate(test):
        rows["mean training code (ignores the video)"].append(abs_rel(decode(mean_code), gt))
        rows["another held-out clip's exact depth"].append(abs_rel(decode(encode(test[(i + 1) % len(test)])), gt))
        for p in (2, 4, 8):
            rows[f"own depth averaged over {p}x{p} blocks"].append(abs_rel(decode(pooled(encode(gt), p)), gt))
    print(f"{len(train)} training clips, {len(test)} held-out clips")
    for name, values in rows.items():
        print(f"{name:42s} abs_rel {np.mean(values):.4f} ± {np.std(values):.4f}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
