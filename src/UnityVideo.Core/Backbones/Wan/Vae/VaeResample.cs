using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>How a <see cref="VaeResample"/> changes a tensor's resolution.</summary>
public enum VaeResampleMode
{
    /// <summary>Nearest ×2 in H and W, then a 3×3 conv halving the channels.</summary>
    Upsample2d,
    /// <summary><see cref="Upsample2d"/> preceded by a causal temporal conv that doubles the frames (not on the first frame).</summary>
    Upsample3d,
    /// <summary>Zero-pad right/bottom by one, then a stride-2 3×3 conv.</summary>
    Downsample2d,
    /// <summary><see cref="Downsample2d"/> followed by a stride-2 temporal conv over (previous frame, this chunk).</summary>
    Downsample3d,
}

/// <summary>
/// Spatial (and optionally temporal) resampling between VAE stages. Keys: <c>resample.1</c> (the 2-D conv;
/// position 0 is the parameter-free pad/upsample) and <c>time_conv</c> (the temporal conv of the 3-D modes).
/// The temporal parts follow the reference's chunk rules: the first chunk's single frame passes through
/// without the temporal conv, so frame 0 maps to latent 0 and latent 0 back to frame 0 alone.
/// </summary>
public sealed class VaeResample : nn.Module
{
    private readonly VaeResampleMode mode;
    private readonly ModuleList<nn.Module> resample;
    private readonly Conv2d conv;
    private readonly CausalConv3d? time_conv;

    /// <summary>Creates a resampler over <paramref name="dim"/> channels.</summary>
    public VaeResample(string name, long dim, VaeResampleMode mode) : base(name)
    {
        this.mode = mode;
        var up = mode is VaeResampleMode.Upsample2d or VaeResampleMode.Upsample3d;
        conv = up ? nn.Conv2d(dim, dim / 2, 3, padding: 1) : nn.Conv2d(dim, dim, 3, stride: 2);
        resample = nn.ModuleList<nn.Module>(nn.Identity(), conv);
        register_module("resample", resample);
        if (mode == VaeResampleMode.Upsample3d)
            time_conv = new CausalConv3d("time_conv", dim, dim * 2, (3, 1, 1), (1, 1, 1), (1, 0, 0));
        else if (mode == VaeResampleMode.Downsample3d)
            time_conv = new CausalConv3d("time_conv", dim, dim, (3, 1, 1), (2, 1, 1), (0, 0, 0));
        if (time_conv is not null) register_module("time_conv", time_conv);
    }

    /// <summary>
    /// <c>[B, C, T, H, W]</c> → up: <c>[B, C/2, T or 2T, 2H, 2W]</c>; down: <c>[B, C, T', H/2, W/2]</c>.
    /// The 3-D modes need <paramref name="cache"/> to change the frame count (without it they act per frame,
    /// as the reference does).
    /// </summary>
    public Tensor forward(Tensor x, CausalCache? cache)
    {
        using var scope = NewDisposeScope();
        if (mode == VaeResampleMode.Upsample3d && cache is not null) x = UpsampleTime(x, cache);
        var (b, c, t, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], x.shape[4]);
        var frames = x.permute(0, 2, 1, 3, 4).reshape(b * t, c, h, w);                     // [BT, C, H, W]
        frames = mode switch
        {
            VaeResampleMode.Upsample2d or VaeResampleMode.Upsample3d =>
                // Nearest-exact at an integer factor of 2 is plain pixel duplication; done in float32 because not
                // every backend interpolates bfloat16.
                Conv(nn.functional.interpolate(frames.to(float32), scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest).to(frames.dtype)),
            _ => Conv(nn.functional.pad(frames, [0, 1, 0, 1])),
        };                                                                                  // [BT, C', H', W']
        x = frames.reshape(b, t, frames.shape[1], frames.shape[2], frames.shape[3]).permute(0, 2, 1, 3, 4); // [B, C', T, H', W']
        if (mode == VaeResampleMode.Downsample3d && cache is not null) x = DownsampleTime(x, cache);
        return scope.MoveToOuter(x);
    }

    // The first chunk only marks the site; later chunks double the frames: the causal conv emits 2C channels,
    // split into two interleaved frames per input frame.
    /// <summary>The 2-D convolution, through <see cref="VaeConvolution"/>.</summary>
    private Tensor Conv(Tensor frames) =>
        VaeConvolution.Run(frames, conv.weight!, conv.bias, (i, w, b) => nn.functional.conv2d(i, w, b, strides: conv.stride, padding: conv.padding));

    private Tensor UpsampleTime(Tensor x, CausalCache cache)
    {
        if (!cache.Seen(time_conv!))
        {
            cache.Set(time_conv!, null);
            return x;
        }
        var (b, c, t, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], x.shape[4]);
        var y = time_conv!.forward(x, cache);                                              // [B, 2C, T, H, W]
        return y.reshape(b, 2, c, t, h, w).permute(0, 2, 3, 1, 4, 5).reshape(b, c, t * 2, h, w); // [B, C, 2T, H, W]
    }

    // The first chunk passes through and is remembered; later chunks are convolved (stride 2 in time) with the
    // previous chunk's last frame in front.
    private Tensor DownsampleTime(Tensor x, CausalCache cache)
    {
        var previous = cache.Get(time_conv!);
        if (previous is null)
        {
            cache.Set(time_conv!, x);
            return x;
        }
        var last = x[.., .., TensorIndex.Slice(-1), .., ..];                                 // [B, C, 1, H, W]
        var y = time_conv!.Convolve(cat([previous[.., .., TensorIndex.Slice(-1), .., ..], x], 2), null); // [B, C, T/2, H, W]
        cache.Set(time_conv!, last);
        return y;
    }
}
