using TorchSharp;
using UnityVideo.Abstractions;

namespace UnityVideo.Host.Inference;

/// <summary>
/// The outcome of an estimation or generation: RGB frames (the input, or the generated video) and modalities in
/// stored form (estimated, generated, or the given control), all on the CPU. Owns its tensors.
/// </summary>
public sealed class InferenceResult : IDisposable
{
    /// <summary>Creates the result; takes ownership of the tensors.</summary>
    public InferenceResult(torch.Tensor rgb, IReadOnlyDictionary<string, torch.Tensor> modalities, ClipContext context, string model, double fps)
    {
        Rgb = rgb;
        Modalities = modalities;
        Context = context;
        Model = model;
        Fps = fps;
    }

    /// <summary>RGB <c>[T, H, W, 3]</c> uint8.</summary>
    public torch.Tensor Rgb { get; }

    /// <summary>Stored form by modality name.</summary>
    public IReadOnlyDictionary<string, torch.Tensor> Modalities { get; }

    /// <summary>Facts about the clip (size, classes, modality prompt) for visualizers.</summary>
    public ClipContext Context { get; }

    /// <summary>The checkpoint and which of its weights were used.</summary>
    public string Model { get; }

    /// <summary>Frame rate (the input's, or 8 for generated video).</summary>
    public double Fps { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Rgb.Dispose();
        foreach (var t in Modalities.Values) t.Dispose();
    }
}
