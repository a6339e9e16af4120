using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using UnityVideo.Host.Data;
using UnityVideo.Synthetic;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Training;

/// <summary>Small codecs, a small synthetic dataset and fast trainer settings for the training tests.</summary>
internal static class TrainingTestKit
{
    /// <summary>Depth [T, H, W] metres → [1, T, H, W]: 2/(1 + d) − 1 (∞ → −1, 0 m → 1).</summary>
    public sealed class DepthCodec : IModalityCodec
    {
        public Tensor Encode(Tensor stored, ClipContext context) =>
            (2.0 / (stored.to(float32).clamp(0, 1e4) + 1.0) - 1.0).unsqueeze(0);   // [1, T, H, W]

        public Tensor Decode(Tensor normalized, ClipContext context) => throw new NotSupportedException();
    }

    /// <summary>Flow [T, H, W, 2] pixels → [2, T, H, W]: tanh(flow / 4).</summary>
    public sealed class FlowCodec : IModalityCodec
    {
        public Tensor Encode(Tensor stored, ClipContext context) => (stored.to(float32) / 4.0).tanh().permute(3, 0, 1, 2); // [2, T, H, W]

        public Tensor Decode(Tensor normalized, ClipContext context) => throw new NotSupportedException();
    }

    /// <summary>Returns NaN everywhere: a poisoned modality.</summary>
    public sealed class NaNCodec : IModalityCodec
    {
        public Tensor Encode(Tensor stored, ClipContext context) =>
            full([2, context.Frames, context.Height, context.Width], double.NaN, float32);   // [2, T, H, W]

        public Tensor Decode(Tensor normalized, ClipContext context) => throw new NotSupportedException();
    }

    public static ModalityDescriptor Depth(IModalityCodec? codec = null) => new()
    {
        Name = "depth", Channels = 1, IsPixelAligned = true, Prompts = ["depth map", "a depth video"], StorageKey = "depth", Codec = codec ?? new DepthCodec(),
    };

    public static ModalityDescriptor Flow(IModalityCodec? codec = null) => new()
    {
        Name = "flow", Channels = 2, IsPixelAligned = true, Prompts = ["optical flow"], StorageKey = "flow", Codec = codec ?? new FlowCodec(),
    };

    public static ModalityRegistry Registry(params ModalityDescriptor[] modalities) =>
        new(modalities.Length == 0 ? [Depth(), Flow()] : modalities);

    /// <summary>About 50 k parameters at 4 frames of 16².</summary>
    public static DiTConfig Config() => new()
    {
        HiddenSize = 32, Depth = 1, Heads = 2, MlpRatio = 2, PatchSize = 4, Frames = 4, Height = 16, Width = 16,
        TextDim = 16, TextLayers = 1, TextHeads = 2, MaxPromptTokens = 8, TextBuckets = 128,
    };

    public static TrainerOptions Options(int steps, int checkpointEvery = 100) => new()
    {
        Steps = steps, BatchSize = 2, LearningRate = 2e-3, WarmupSteps = 3, EmaDecay = 0.9, Seed = 11,
        CheckpointEvery = checkpointEvery, KeepCheckpoints = 3,
    };

    public static Trainer Trainer(TrainerOptions options, ModalityRegistry? registry = null, DiTConfig? config = null) =>
        new(config ?? Config(), registry ?? Registry(), options);

    public static TrainingRunRequest Request(string data, string run, bool resume = false, bool force = false) =>
        new() { DataDirectory = data, RunDirectory = run, Resume = resume, Force = force };

    /// <summary>Writes <paramref name="clips"/> synthetic clips of 4 frames of 16².</summary>
    public static string Dataset(string folder, int clips = 6, int size = 16, int frames = 4) =>
        SyntheticDatasetBuilder.Build(new SyntheticDatasetRequest
        {
            OutputDirectory = folder, Count = clips, World = SyntheticOptions.Square(size, frames) with { Seed = 5 },
        }).Directory;

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    public sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    public static TaskProbabilities Paper => new(0.2, 0.3, 0.5);

    public static DiffusionTask[] Tasks => [DiffusionTask.ConditionalGeneration, DiffusionTask.Estimation, DiffusionTask.JointGeneration];
}
