using TorchSharp;

namespace UnityVideo.Core.Inference;

/// <summary>
/// A generated sample: RGB frames and the modalities that were generated with it or given as its control, all on
/// the CPU in stored form. Owns its tensors.
/// </summary>
public sealed class GeneratedClip : IDisposable
{
    /// <summary>Creates the clip; takes ownership of the tensors.</summary>
    public GeneratedClip(torch.Tensor rgb, IReadOnlyDictionary<string, torch.Tensor> modalities)
    {
        Rgb = rgb;
        Modalities = modalities;
    }

    /// <summary>RGB frames <c>[T, H, W, 3]</c> uint8.</summary>
    public torch.Tensor Rgb { get; }

    /// <summary>Stored form by modality name (generated jointly, or the given control).</summary>
    public IReadOnlyDictionary<string, torch.Tensor> Modalities { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Rgb.Dispose();
        foreach (var t in Modalities.Values) t.Dispose();
    }
}
