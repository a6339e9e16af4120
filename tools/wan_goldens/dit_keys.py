"""Key names, shapes and dtypes of the official Wan2.1 T2V-1.3B DiT, produced by the reference code with every
parameter on PyTorch's meta device (no weights allocated, none needed).

Usage (Debian python3-torch 1.13, CPU; not part of CI):
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/wan_goldens/dit_keys.py --wan /path/to/Wan2.1 \
      --out tests/fixtures/wan/dit/t2v_1_3b_keys.json
torch 1.13 has no default-device context, so while WanModel is constructed `torch.empty`, `torch.zeros`,
`torch.ones` and `torch.randn` are wrapped to put tensors created without an explicit device on `meta` (these are
the factories nn.Linear, nn.Conv3d, nn.LayerNorm, WanRMSNorm and the modulation tables use); the RoPE table is
made by other factories and stays on the CPU (it is not a parameter). See dit_reference.py for the other stubs.
The 1.3B configuration is wan/configs/wan_t2v_1_3B.py plus the defaults of WanModel (text_len 512, in/out 16).
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dit_reference import load_wan_model_module, repo_commit  # noqa: E402

T2V_1_3B = dict(model_type='t2v', patch_size=(1, 2, 2), text_len=512, in_dim=16, dim=1536, ffn_dim=8960,
                freq_dim=256, text_dim=4096, out_dim=16, num_heads=12, num_layers=30, window_size=(-1, -1),
                qk_norm=True, cross_attn_norm=True, eps=1e-6)


def on_meta(factory):
    def make(*args, **kwargs):
        if kwargs.get('device') is None:
            kwargs['device'] = 'meta'
        return factory(*args, **kwargs)
    return make


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--wan', required=True, help='checkout of Wan-Video/Wan2.1')
    ap.add_argument('--out', required=True, help='JSON file to write')
    args = ap.parse_args()
    wan_model = load_wan_model_module(os.path.abspath(args.wan))
    originals = {n: getattr(torch, n) for n in ('empty', 'zeros', 'ones', 'randn')}
    for n, f in originals.items():
        setattr(torch, n, on_meta(f))
    try:
        model = wan_model.WanModel(**T2V_1_3B)
    finally:
        for n, f in originals.items():
            setattr(torch, n, f)
    params = [(k, v) for k, v in model.state_dict().items()]
    assert all(v.device.type == 'meta' for _, v in params), 'a parameter was allocated'
    doc = {
        'reference': 'https://github.com/Wan-Video/Wan2.1 wan/modules/model.py, wan/configs/wan_t2v_1_3B.py',
        'reference_commit': repo_commit(args.wan),
        'command': 'OPENBLAS_NUM_THREADS=1 python3 tools/wan_goldens/dit_keys.py --wan <Wan2.1 checkout> --out ' + args.out,
        'config': {k: list(v) if isinstance(v, tuple) else v for k, v in T2V_1_3B.items()},
        'parameter_count': sum(v.numel() for _, v in params),
        'tensors': [{'name': k, 'shape': list(v.shape), 'dtype': str(v.dtype).replace('torch.', '')} for k, v in params],
    }
    tmp = args.out + '.tmp'
    with open(tmp, 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')
    os.replace(tmp, args.out)
    print(f'{args.out}: {len(params)} tensors, {doc["parameter_count"]} parameters')


if __name__ == '__main__':
    main()
