using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan.Vae;

/// <summary>
/// The Wan2.1 video VAE: a causal 3-D convolutional autoencoder compressing 4× in time (after the first
/// frame) and 8× in height and width into <c>z_dim</c> (16) channels. Clips of 1 + 4k frames in [-1, 1] map
/// to 1 + k latent frames, normalised per channel as the reference pipeline does: <c>(μ − mean) / std</c>.
/// <para>
/// Encoding runs the first frame alone, then chunks of 4 frames; decoding runs one latent frame at a time;
/// a <see cref="CausalCache"/> carries each causal convolution's last frames across chunks, so memory is
/// bounded by a chunk while the result equals the reference's chunked computation.
/// </para>
/// Parameter names equal the official checkpoint's keys (<c>encoder.*</c>, <c>conv1.*</c>, <c>conv2.*</c>,
/// <c>decoder.*</c>), so a converted <c>Wan2.1_VAE.pth</c> loads by name (<see cref="WanVaeWeights"/>).
/// </summary>
public sealed class WanVae : nn.Module
{
    private readonly VaeEncoder3d encoder;
    private readonly CausalConv3d conv1;
    private readonly CausalConv3d conv2;
    private readonly VaeDecoder3d decoder;
    private readonly float[] latentMean;
    private readonly float[] latentStd;

    /// <summary>
    /// Creates an (unloaded) VAE of <paramref name="config"/>. The latent normalisation is the released VAE's
    /// when <c>z_dim</c> is 16, and the identity otherwise (no statistics exist for other widths).
    /// </summary>
    public WanVae(WanVaeConfig config) : base("wan_vae")
    {
        config.Validate();
        Config = config;
        encoder = new VaeEncoder3d("encoder", config);
        conv1 = new CausalConv3d("conv1", config.ZDim * 2, config.ZDim * 2, 1);
        conv2 = new CausalConv3d("conv2", config.ZDim, config.ZDim, 1);
        decoder = new VaeDecoder3d("decoder", config);
        register_module("encoder", encoder);
        register_module("conv1", conv1);
        register_module("conv2", conv2);
        register_module("decoder", decoder);
        var official = config.ZDim == WanVaeConfig.OfficialLatentMean.Count;
        latentMean = official ? [.. WanVaeConfig.OfficialLatentMean] : new float[config.ZDim];
        latentStd = official ? [.. WanVaeConfig.OfficialLatentStd] : Enumerable.Repeat(1f, config.ZDim).ToArray();
    }

    /// <summary>The shape of this VAE.</summary>
    public WanVaeConfig Config { get; }

    /// <summary>Frames in each encoder chunk after the first frame.</summary>
    public int EncodeChunkFrames => Config.TemporalCompression;

    /// <summary>
    /// Encodes clips <c>[B, 3, T, H, W]</c> in [-1, 1] (T = 1 + 4k, H and W multiples of 8) to the normalised
    /// mean latent <c>[B, z, 1 + k, H/8, W/8]</c> float32. Runs without gradients, in the weights' dtype (a VAE
    /// moved to bfloat16 computes in bfloat16).
    /// </summary>
    /// <exception cref="ArgumentException">The clip's shape does not fit the VAE.</exception>
    public Tensor Encode(Tensor video)
    {
        CheckVideo(video);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = video.to(Dtype, Device);
        var chunks = new List<Tensor>();
        using (var cache = new CausalCache())
        {
            var frames = x.shape[2];
            for (long start = 0; start < frames; start += start == 0 ? 1 : EncodeChunkFrames)
            {
                var length = start == 0 ? 1 : EncodeChunkFrames;
                using var chunkScope = NewDisposeScope();
                var chunk = x[.., .., TensorIndex.Slice(start, start + length), .., ..];     // [B, 3, 1|4, H, W]
                chunks.Add(chunkScope.MoveToOuter(encoder.forward(chunk, cache)));            // [B, 2z, 1, h, w]
            }
        }
        var moments = conv1.forward(cat(chunks, 2));                                        // [B, 2z, t, h, w]
        var mu = moments.chunk(2, 1)[0];                                                    // [B, z, t, h, w]
        var (mean, invStd) = Statistics(mu);
        return scope.MoveToOuter(((mu - mean) * invStd).to(float32));
    }

    /// <summary>
    /// Decodes normalised latents <c>[B, z, t, h, w]</c> to clips <c>[B, 3, 1 + 4(t − 1), 8h, 8w]</c>, clamped to
    /// [-1, 1] as the reference pipeline returns them (<paramref name="clamp"/> false gives the raw decoder
    /// output). Runs without gradients, in the weights' dtype; the result is float32.
    /// </summary>
    /// <exception cref="ArgumentException">The latent's shape does not fit the VAE.</exception>
    public Tensor Decode(Tensor latent, bool clamp = true)
    {
        if (latent.dim() != 5 || latent.shape[1] != Config.ZDim)
            throw new ArgumentException($"a Wan VAE latent is [B, {Config.ZDim}, t, h, w]; got [{string.Join(", ", latent.shape)}]", nameof(latent));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var z = latent.to(Dtype, Device);
        var (mean, invStd) = Statistics(z);
        var x = conv2.forward(z / invStd + mean);                                           // [B, z, t, h, w]
        var frames = new List<Tensor>();
        using (var cache = new CausalCache())
        {
            for (long i = 0; i < x.shape[2]; i++)
            {
                using var chunkScope = NewDisposeScope();
                var chunk = x[.., .., TensorIndex.Slice(i, i + 1), .., ..];                  // [B, z, 1, h, w]
                frames.Add(chunkScope.MoveToOuter(decoder.forward(chunk, cache)));            // [B, 3, 1|4, H, W]
            }
        }
        var video = cat(frames, 2).to(float32);                                             // [B, 3, T, H, W]
        return scope.MoveToOuter(clamp ? video.clamp(-1, 1) : video);
    }

    private Device Device => conv2.parameters().First().device;

    private ScalarType Dtype => conv2.parameters().First().dtype;

    private (Tensor Mean, Tensor InvStd) Statistics(Tensor like)
    {
        var mean = tensor(latentMean, device: like.device).view(1, -1, 1, 1, 1).to(like.dtype);
        var invStd = (1f / tensor(latentStd, device: like.device)).view(1, -1, 1, 1, 1).to(like.dtype);
        return (mean, invStd);
    }

    private void CheckVideo(Tensor video)
    {
        var s = Config.SpatialCompression;
        var c = Config.TemporalCompression;
        if (video.dim() != 5 || video.shape[1] != 3)
            throw new ArgumentException($"a clip for the Wan VAE is [B, 3, T, H, W]; got [{string.Join(", ", video.shape)}]", nameof(video));
        var (t, h, w) = (video.shape[2], video.shape[3], video.shape[4]);
        if ((t - 1) % c != 0)
            throw new ArgumentException($"the Wan VAE encodes 1 + {c}k frames; got {t} (pad or trim the clip first)", nameof(video));
        if (h % s != 0 || w % s != 0)
            throw new ArgumentException($"the Wan VAE needs height and width divisible by {s}; got {h}×{w}", nameof(video));
    }
}
