using TorchSharp;
using TorchSharp.Modules;
using UnityVideo.Core.Native;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// A small convolutional decoder after one stream's head (<see cref="DiTConfig.PixelDecoder"/>): three 3×3
/// convolutions per frame over what the head drew (the stream's channels and extra features), the stream's own noisy
/// input, and — for a modality — the RGB pixels under it (this frame and the next) and the two streams' noise levels
/// as constant planes. It adds its output to the drawn channels. The trunk decides per token what is where; this
/// path draws it at pixel precision from the pixels themselves (U-ViT's convolution after un-patchifying, with the
/// full-resolution input skip of a U-Net), which a linear head over P×P patches cannot do. Its last convolution starts
/// at zero, so a fresh model predicts what it would without it.
/// </summary>
public sealed class PixelDecoder : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Conv2d conv3;
    private readonly int channels;

    /// <summary>Builds the decoder of a stream with <paramref name="channels"/> channels.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="channels">The stream's channels C_s (what the decoder adds to).</param>
    /// <param name="features">Extra per-pixel features the stream's head draws for the decoder.</param>
    /// <param name="isRgb">Whether the stream is the RGB (which reads no RGB under it).</param>
    /// <param name="hidden">Width of the two hidden convolutions.</param>
    public PixelDecoder(string name, int channels, int features, bool isRgb, int hidden) : base(name)
    {
        this.channels = channels;
        conv1 = nn.Conv2d(InputChannels(channels, features, isRgb), hidden, 3, padding: 1);
        conv2 = nn.Conv2d(hidden, hidden, 3, padding: 1);
        conv3 = nn.Conv2d(hidden, channels, 3, padding: 1);
        RegisterComponents();
    }

    /// <summary>Per-pixel input channels for a stream of <paramref name="channels"/> channels: drawn (C_s + features), own input (C_s), and for a modality the RGB of two frames (6) and two noise-level planes; for RGB its noise level.</summary>
    public static int InputChannels(int channels, int features, bool isRgb) => 2 * channels + features + (isRgb ? 1 : 6 + 2);

    /// <summary>Zeroes the last convolution (the decoder then adds nothing).</summary>
    public void ZeroOutput()
    {
        using var noGrad = no_grad();
        nn.init.zeros_(conv3.weight!);
        nn.init.zeros_(conv3.bias!);
    }

    /// <summary>Per-frame input <c>[B·T, C_in, H, W]</c> → the correction <c>[B·T, C_s, H, W]</c>.</summary>
    public override Tensor forward(Tensor frames) =>
        conv3.forward(CpuConvolution.Input(nn.functional.silu(conv2.forward(CpuConvolution.Input(nn.functional.silu(conv1.forward(CpuConvolution.Input(frames))))))));

    /// <summary>
    /// The stream's prediction: <paramref name="drawn"/>'s first C_s channels plus the decoder's
    /// correction. <paramref name="drawn"/> <c>[B, C_s + F, T, H, W]</c>; <paramref name="latent"/> the stream's input
    /// <c>[B, C_s, T, H, W]</c> at noise level <paramref name="time"/> <c>[B]</c>; <paramref name="rgbPair"/> the RGB
    /// under a modality, this frame and the next <c>[B, 6, T, H, W]</c>, at <paramref name="rgbTime"/> (both null for the
    /// RGB stream itself). Returns <c>[B, C_s, T, H, W]</c>.
    /// </summary>
    public Tensor Apply(Tensor drawn, Tensor latent, Tensor time, Tensor? rgbPair, Tensor? rgbTime)
    {
        ArgumentNullException.ThrowIfNull(drawn);
        ArgumentNullException.ThrowIfNull(latent);
        ArgumentNullException.ThrowIfNull(time);
        using var scope = NewDisposeScope();
        var (b, t, h, w) = (drawn.shape[0], drawn.shape[2], drawn.shape[3], drawn.shape[4]);
        Tensor Plane(Tensor level) => level.to(drawn.dtype).view(-1, 1, 1, 1, 1).expand(b, 1, t, h, w); // [B, 1, T, H, W]
        var parts = new List<Tensor> { drawn, latent.to(drawn.dtype) };
        if (rgbPair is not null) parts.AddRange([rgbPair.to(drawn.dtype), Plane(rgbTime!)]);
        parts.Add(Plane(time));
        var input = cat(parts.ToArray(), 1);                                                        // [B, C_in, T, H, W]
        var frames = input.permute(0, 2, 1, 3, 4).reshape(b * t, input.shape[1], h, w);            // [B·T, C_in, H, W]
        var correction = forward(frames).reshape(b, t, channels, h, w).permute(0, 2, 1, 3, 4);        // [B, C_s, T, H, W]
        return scope.MoveToOuter(drawn.narrow(1, 0, channels) + correction);
    }
}
