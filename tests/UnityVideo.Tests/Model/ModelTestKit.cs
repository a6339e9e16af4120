using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Model;
using UnityVideo.Core.Text;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Model;

/// <summary>Small configurations, descriptors and inputs shared by the model and diffusion tests.</summary>
internal static class ModelTestKit
{
    public static ModalityDescriptor Descriptor(string name, int channels, string prompt) => new()
    {
        Name = name, Channels = channels, IsPixelAligned = true, Prompts = [prompt], StorageKey = name,
    };

    public static readonly ModalityDescriptor Depth = Descriptor("depth", 1, "depth map");
    public static readonly ModalityDescriptor Flow = Descriptor("flow", 2, "optical flow");
    public static readonly ModalityDescriptor Skeleton = Descriptor("skeleton", 3, "human skeleton");

    /// <summary>~100 k parameters; 4 frames of 16² at patch 4 → 64 tokens per stream.</summary>
    public static DiTConfig TestConfig(int depth = 2) => new()
    {
        HiddenSize = 64, Depth = depth, Heads = 4, MlpRatio = 4, PatchSize = 4, Frames = 4, Height = 16, Width = 16,
        TextDim = 32, TextLayers = 1, TextHeads = 2, MaxPromptTokens = 8, TextBuckets = 256,
    };

    public static UnityDiT NewModel(DiTConfig? config = null, params ModalityDescriptor[] modalities)
    {
        torch.manual_seed(1234);
        return new UnityDiT(config ?? TestConfig(), modalities.Length == 0 ? [Depth] : modalities);
    }

    /// <summary>Replaces every parameter by N(0, std²) noise: a generic "trained" model for structural tests.</summary>
    public static void Randomize(nn.Module model, long seed, double std = 0.1)
    {
        using var noGrad = no_grad();
        using var g = new Generator((ulong)seed, CPU);
        foreach (var (_, p) in model.named_parameters())
            p.copy_(randn(p.shape, float32, CPU, generator: g) * std);
    }

    /// <summary>Zeroes every attention output projection (self and cross), so a token sees only what reaches it otherwise.</summary>
    public static void SilenceAttention(UnityDiT model)
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in model.named_parameters())
            if (name.Contains("attn", StringComparison.Ordinal) && name.EndsWith("proj.weight", StringComparison.Ordinal)) p.zero_();
    }

    public static Tensor Video(long b, long c, DiTConfig cfg, long seed)
    {
        using var g = new Generator((ulong)seed, CPU);
        return randn([b, c, cfg.Frames, cfg.Height, cfg.Width], float32, CPU, generator: g);
    }

    public static TextPrompt Prompt(DiTConfig cfg, string text, int batch) => new PromptTokenizer(cfg.MaxPromptTokens).Encode(text, batch);

    public static double MaxAbs(Tensor t) => t.abs().max().to(float64).item<double>();

    public static double MaxAbsDiff(Tensor a, Tensor b) => (a - b).abs().max().to(float64).item<double>();
}
