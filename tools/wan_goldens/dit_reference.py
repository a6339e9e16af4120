"""Loads the official Wan2.1 DiT (wan/modules/model.py) from a checkout of Wan-Video/Wan2.1 under Debian's
python3-torch 1.13 (CPU), and writes safetensors files without the `safetensors` package.

What is stubbed or bypassed, and why (nothing else in the reference is touched):
* `diffusers.configuration_utils` / `diffusers.models.modeling_utils`: model.py imports only `ConfigMixin`,
  `register_to_config` and `ModelMixin` from diffusers (config bookkeeping, save/load helpers). They are
  replaced by a plain object, an identity decorator and `torch.nn.Module`; the forward pass does not use them.
* `wan/__init__.py` and `wan/modules/__init__.py` are not executed (they import the pipelines, T5, the VAE and
  their dependencies); the packages `wan` and `wan.modules` are registered as empty namespace packages that
  point at the checkout, so `wan.modules.model` and its relative import `.attention` load unchanged.
* `flash_attention` (the only attention model.py calls) needs CUDA and flash-attn and computes in bf16. It is
  replaced in `wan.modules.model` by plain fp32 softmax attention -- the math of the reference's non-flash path
  (`wan.modules.attention.attention`: softmax(q k^T / sqrt(d)) v with the default scale), kept in fp32 instead
  of that path's bf16 cast, written out by hand because torch 1.13 has no `scaled_dot_product_attention`.
  Key lengths (`k_lens`) are honoured by masking keys past each sample's length, as flash-attn's varlen call
  does; the goldens use unpadded sequences, so the mask never removes a key.
"""
import json
import os
import struct
import subprocess
import sys
import types

import torch


def load_wan_model_module(wan_root):
    """Imports wan.modules.model from the checkout at `wan_root` with the stubs described above."""
    diffusers = types.ModuleType('diffusers')
    config_utils = types.ModuleType('diffusers.configuration_utils')
    models = types.ModuleType('diffusers.models')
    modeling_utils = types.ModuleType('diffusers.models.modeling_utils')

    class ConfigMixin:
        pass

    config_utils.ConfigMixin = ConfigMixin
    config_utils.register_to_config = lambda f: f
    modeling_utils.ModelMixin = torch.nn.Module
    for name, mod in [('diffusers', diffusers), ('diffusers.configuration_utils', config_utils),
                      ('diffusers.models', models), ('diffusers.models.modeling_utils', modeling_utils)]:
        sys.modules[name] = mod

    for name, sub in [('wan', 'wan'), ('wan.modules', os.path.join('wan', 'modules'))]:
        pkg = types.ModuleType(name)
        pkg.__path__ = [os.path.join(wan_root, sub)]
        sys.modules[name] = pkg

    import importlib
    model = importlib.import_module('wan.modules.model')
    model.flash_attention = fp32_attention
    return model


def fp32_attention(q, k, v, q_lens=None, k_lens=None, window_size=(-1, -1), **_):
    """q [B, Lq, N, D], k/v [B, Lk, N, D] -> [B, Lq, N, D], softmax attention in fp32."""
    assert window_size == (-1, -1)
    q, k, v = (u.float().transpose(1, 2) for u in (q, k, v))  # [B, N, L, D]
    scores = q @ k.transpose(-1, -2) / (q.size(-1) ** 0.5)     # [B, N, Lq, Lk]
    if k_lens is not None:
        keep = torch.arange(k.size(2))[None, :] < k_lens[:, None]  # [B, Lk]
        scores = scores.masked_fill(~keep[:, None, None, :], float('-inf'))
    return (scores.softmax(-1) @ v).transpose(1, 2).contiguous()


def repo_commit(wan_root):
    """The checkout's commit: from git when it is a work tree, else from WAN_COMMIT (an archive export)."""
    try:
        top = subprocess.check_output(['git', '-C', wan_root, 'rev-parse', '--show-toplevel'], text=True,
                                      stderr=subprocess.DEVNULL).strip()
        # an enclosing repository's commit would be the wrong one
        if os.path.realpath(top) == os.path.realpath(wan_root):
            return subprocess.check_output(['git', '-C', wan_root, 'rev-parse', 'HEAD'], text=True).strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        pass
    if True:
        commit = os.environ.get('WAN_COMMIT')
        if not commit:
            sys.exit('error: ' + wan_root + ' is not a git work tree; set WAN_COMMIT to the commit it was exported from')
        return commit


_DTYPES = {torch.float32: 'F32', torch.float64: 'F64', torch.int64: 'I64', torch.bfloat16: 'BF16'}


def save_safetensors(path, tensors, metadata):
    """Writes {name: tensor} (contiguous CPU, little-endian) and string metadata as one safetensors file."""
    header, blobs, offset = {'__metadata__': metadata}, [], 0
    for name, t in tensors.items():
        t = t.detach().cpu().contiguous()
        data = t.view(torch.uint8).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[name] = {'dtype': _DTYPES[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(',', ':')).encode('utf-8')
    raw += b' ' * ((8 - len(raw) % 8) % 8)
    tmp = path + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(struct.pack('<Q', len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)
