"""Golden numerics for the project's Wan2.1 DiT: runs the official WanModel (fp32, seeded random weights) on tiny
configurations and writes one safetensors file per golden with the weights (official key names), the inputs,
the output and a few intermediate activations.

Usage (Debian python3-torch 1.13, CPU; not part of CI):
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/wan_goldens/dit_golden.py --wan /path/to/Wan2.1 \
      --out tests/fixtures/wan/dit
The checkout is Wan-Video/Wan2.1 (a git work tree, or an exported tree with WAN_COMMIT=<commit> set).
See dit_reference.py for exactly what is stubbed to run the reference here.

Tensors in each file:
  weights under their official names (patch_embedding.weight, blocks.0.self_attn.q.weight, ...);
  input.x [B, C_in, F, H, W], input.t [B] (timesteps in [0, 1000]), input.context [B, L_ctx, text_dim]
  (L_ctx < text_len: the model zero-pads to text_len, which the port must reproduce);
  output [B, C_out, F, H, W];
  debug.time_embedding [B, D] (e), debug.time_projection [B, 6D] (e0 before unflatten),
  debug.text_embedding [B, text_len, D], debug.block0 [B, L, D], debug.head [B, L, C_out*prod(patch)].
Metadata: the reference commit, this command line, and the configuration as JSON.
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dit_reference import load_wan_model_module, repo_commit, save_safetensors  # noqa: E402

GOLDENS = {
    # head_dim 16: RoPE complex slots split 4/2/2 over frame/height/width; batch 2 with different t and context
    'tiny': dict(config=dict(dim=32, ffn_dim=48, freq_dim=16, text_dim=24, text_len=8, in_dim=4, out_dim=3,
                             num_heads=2, num_layers=2),
                 batch=2, latent=(3, 6, 10), context_len=5, t=[999.0, 250.5], seed=1),
    # head_dim 24: split 4/4/4; a single sample with a frame count of 2 and another h x w
    'tiny_heads2_dim48': dict(config=dict(dim=48, ffn_dim=64, freq_dim=16, text_dim=24, text_len=6, in_dim=4,
                                          out_dim=4, num_heads=2, num_layers=2),
                              batch=1, latent=(2, 4, 6), context_len=6, t=[37.0], seed=2),
}


def randomize(model, gen):
    """Replaces every parameter with seeded noise: the official init leaves the head at zero and biases at zero,
    which would hide errors in those paths."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith('modulation'):
                p.copy_(torch.randn(p.shape, generator=gen) / p.shape[-1] ** 0.5)
            elif p.dim() >= 2:
                fan_in = p[0].numel()
                p.copy_(torch.randn(p.shape, generator=gen) / fan_in ** 0.5)
            elif 'norm' in name and name.endswith('weight'):
                p.copy_(1 + 0.2 * torch.randn(p.shape, generator=gen))
            else:
                p.copy_(0.1 * torch.randn(p.shape, generator=gen))


def make_golden(wan_model, name, spec, commit, command):
    cfg = spec['config']
    torch.manual_seed(spec['seed'])
    gen = torch.Generator().manual_seed(spec['seed'])
    model = wan_model.WanModel(model_type='t2v', patch_size=(1, 2, 2), window_size=(-1, -1), qk_norm=True,
                               cross_attn_norm=True, eps=1e-6, **cfg).eval()
    randomize(model, gen)

    b, (f, h, w) = spec['batch'], spec['latent']
    x = torch.randn(b, cfg['in_dim'], f, h, w, generator=gen)
    t = torch.tensor(spec['t'], dtype=torch.float32)
    context = torch.randn(b, spec['context_len'], cfg['text_dim'], generator=gen)
    seq_len = f * (h // 2) * (w // 2)

    captured = {}

    def keep(key):
        return lambda _m, _i, out: captured.__setitem__(key, out.detach().clone())

    model.time_embedding.register_forward_hook(keep('debug.time_embedding'))
    model.time_projection.register_forward_hook(keep('debug.time_projection'))
    model.text_embedding.register_forward_hook(keep('debug.text_embedding'))
    model.blocks[0].register_forward_hook(keep('debug.block0'))
    model.head.register_forward_hook(keep('debug.head'))

    with torch.no_grad():
        out = torch.stack(model(list(x), t, list(context), seq_len))

    tensors = {k: v.float() for k, v in model.state_dict().items()}
    tensors.update({'input.x': x, 'input.t': t, 'input.context': context, 'output': out})
    tensors.update(captured)
    metadata = {
        'reference': 'https://github.com/Wan-Video/Wan2.1 wan/modules/model.py',
        'reference_commit': commit,
        'command': command,
        'config': json.dumps(dict(cfg, patch_size=[1, 2, 2], qk_norm=True, cross_attn_norm=True, eps=1e-6)),
        'torch': torch.__version__,
    }
    return tensors, metadata


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--wan', required=True, help='checkout of Wan-Video/Wan2.1')
    ap.add_argument('--out', required=True, help='folder for the golden safetensors files')
    args = ap.parse_args()
    torch.set_num_threads(1)
    wan_model = load_wan_model_module(os.path.abspath(args.wan))
    commit = repo_commit(args.wan)
    command = 'OPENBLAS_NUM_THREADS=1 python3 tools/wan_goldens/dit_golden.py --wan <Wan2.1 checkout> --out ' + args.out
    os.makedirs(args.out, exist_ok=True)
    for name, spec in GOLDENS.items():
        tensors, metadata = make_golden(wan_model, name, spec, commit, command)
        path = os.path.join(args.out, name + '.safetensors')
        save_safetensors(path, tensors, metadata)
        print(f'{path}: output {list(tensors["output"].shape)}, {os.path.getsize(path)} bytes')


if __name__ == '__main__':
    main()
