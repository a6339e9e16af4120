using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Model;

namespace UnityVideo.Host.Benchmarks;

/// <summary>What a model benchmark (training step, sampling) runs: model sizes, the modality beside RGB, device, batch and repeats.</summary>
public sealed record BenchmarkSetup
{
    /// <summary>Name of the preset <see cref="Config"/> came from (reported only).</summary>
    public required string Preset { get; init; }

    /// <summary>Model sizes and clip shape.</summary>
    public required DiTConfig Config { get; init; }

    /// <summary>The one modality stream beside RGB.</summary>
    public required ModalityDescriptor Modality { get; init; }

    /// <summary>Where the model and tensors live.</summary>
    public required torch.Device Device { get; init; }

    /// <summary>Clips per batch.</summary>
    public required int Batch { get; init; }

    /// <summary>Timed repeats (the median is reported).</summary>
    public required int Repeats { get; init; }

    /// <summary>Throws when <see cref="Batch"/> or <see cref="Repeats"/> is below 1.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Batch, 1, nameof(Batch));
        ArgumentOutOfRangeException.ThrowIfLessThan(Repeats, 1, nameof(Repeats));
    }
}
