using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>
/// A 3-D convolution that sees only the past: the time axis is padded by 2·p frames in front and none
/// behind (p = the temporal padding a symmetric convolution would use), height and width symmetrically.
/// With a <see cref="CausalCache"/> the front padding is (partly) replaced by the previous chunk's frames.
/// Parameters are <c>weight</c> [out, in, kt, kh, kw] and <c>bias</c> [out], as in the reference checkpoint.
/// </summary>
public sealed class CausalConv3d : nn.Module
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly long[] stride;
    private readonly long timePad;
    private readonly long heightPad;
    private readonly long widthPad;

    /// <summary>Creates a convolution with kernel (kt, kh, kw), stride and (temporal, spatial, spatial) padding.</summary>
    public CausalConv3d(string name, long inChannels, long outChannels, (long T, long H, long W) kernel,
        (long T, long H, long W) stride = default, (long T, long H, long W) padding = default) : base(name)
    {
        this.stride = stride == default ? [1, 1, 1] : [stride.T, stride.H, stride.W];
        timePad = 2 * padding.T;
        heightPad = padding.H;
        widthPad = padding.W;
        // PyTorch's Conv3d default init, so an unloaded model still behaves like an untrained one.
        var w = empty([outChannels, inChannels, kernel.T, kernel.H, kernel.W]);
        nn.init.kaiming_uniform_(w, Math.Sqrt(5));
        var bound = 1.0 / Math.Sqrt(inChannels * kernel.T * kernel.H * kernel.W);
        weight = new Parameter(w);
        bias = new Parameter(empty(outChannels).uniform_(-bound, bound));
        register_parameter("weight", weight);
        register_parameter("bias", bias);
    }

    /// <summary>Cube kernel k with padding p on every axis (the reference's <c>CausalConv3d(in, out, k, padding=p)</c>).</summary>
    public CausalConv3d(string name, long inChannels, long outChannels, long kernel, long padding = 0)
        : this(name, inChannels, outChannels, (kernel, kernel, kernel), (1, 1, 1), (padding, padding, padding)) { }

    /// <summary><c>[B, Cin, T, H, W] → [B, Cout, T', H', W']</c>, the past before the first frame taken as zeros.</summary>
    public Tensor forward(Tensor x) => Convolve(x, null);

    /// <summary>
    /// Convolves one chunk. With a cache the previous chunk's frames stand in for the zero padding in front,
    /// and this chunk's history is stored for the next one.
    /// </summary>
    public Tensor forward(Tensor x, CausalCache? cache)
    {
        if (cache is null) return Convolve(x, null);
        using var history = cache.History(this, x);
        var y = Convolve(x, cache.Get(this));
        cache.Set(this, history);
        return y;
    }

    /// <summary>Convolution with <paramref name="past"/> frames in front of <paramref name="x"/> (zeros where absent).</summary>
    internal Tensor Convolve(Tensor x, Tensor? past)
    {
        using var scope = NewDisposeScope();
        var front = timePad;
        if (past is not null && timePad > 0)
        {
            x = cat([past.to(x.dtype, x.device), x], 2);                                      // [B, C, P+T, H, W]
            front -= past.shape[2];
        }
        x = nn.functional.pad(x, [widthPad, widthPad, heightPad, heightPad, front, 0]);
        var y = VaeConvolution.Run(x, weight, bias, (i, w, b) => nn.functional.conv3d(i, w, b, strides: stride));
        return scope.MoveToOuter(y);
    }
}
