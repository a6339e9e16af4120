using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>
/// The state carried from one chunk of a clip to the next during chunked encode/decode: per causal site
/// (keyed by the module that owns it) the last input frames it saw, so a chunk's first frames are convolved
/// with the previous chunk's last frames exactly as if the whole clip had gone through at once. A site that
/// has run but cached nothing (the temporal up-sampler's first chunk) is present with a null tensor.
/// Cached tensors live outside dispose scopes and are freed when replaced or when the cache is disposed.
/// </summary>
public sealed class CausalCache : IDisposable
{
    /// <summary>Frames a causal 3×k×k convolution needs from the past.</summary>
    public const int Frames = 2;

    private readonly Dictionary<object, Tensor?> slots = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether <paramref name="site"/> has run on an earlier chunk.</summary>
    public bool Seen(object site) => slots.ContainsKey(site);

    /// <summary>The frames <paramref name="site"/> cached on the previous chunk, or null.</summary>
    public Tensor? Get(object site) => slots.GetValueOrDefault(site);

    /// <summary>Replaces the frames cached for <paramref name="site"/> (a copy is kept; the old one is freed).</summary>
    public void Set(object site, Tensor? frames)
    {
        if (slots.TryGetValue(site, out var old)) old?.Dispose();
        slots[site] = frames?.detach().clone().DetachFromDisposeScope();
    }

    /// <summary>
    /// The frames a causal convolution keeps for the next chunk: the last two frames of its input; when the
    /// input has a single frame, that frame preceded by the last cached one (so a one-frame chunk still
    /// leaves two frames of history).
    /// </summary>
    public Tensor History(object site, Tensor input)
    {
        var t = input.shape[2];
        var last = input[.., .., TensorIndex.Slice(Math.Max(0, t - Frames)), .., ..];          // [B, C, ≤2, H, W]
        var previous = Get(site);
        if (last.shape[2] < Frames && previous is not null)
            return cat([previous[.., .., TensorIndex.Slice(-1), .., ..], last], 2);        // [B, C, 2, H, W]
        return last;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in slots.Values) t?.Dispose();
        slots.Clear();
    }
}
