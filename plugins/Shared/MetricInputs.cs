using TorchSharp;

namespace UnityVideo.Plugins.Shared;

/// <summary>
/// The input check every bundled metric makes before scoring: both tensors have an accepted dtype and the stored
/// layout, and (for pixel-aligned modalities) the same shape. Errors name the metric, the tensor at fault and both
/// tensors' dtypes or shapes.
/// </summary>
internal static class MetricInputs
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> unless <paramref name="prediction"/> and <paramref name="reference"/>
    /// each have one of <paramref name="dtypes"/> and the shape <paramref name="layout"/> (−1 = any size).
    /// </summary>
    /// <param name="modality">The metric's modality, first word of every message.</param>
    /// <param name="dtypesText">The accepted dtypes as the message says them, e.g. "Byte IUV".</param>
    /// <param name="layoutText">The layout as the message says it, e.g. "[T, H, W, 2]".</param>
    public static void CheckEach(string modality, torch.Tensor prediction, torch.Tensor reference, torch.ScalarType[] dtypes, string dtypesText, long[] layout, string layoutText)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(reference);
        foreach (var (role, x) in new[] { ("prediction", prediction), ("reference", reference) })
        {
            if (!dtypes.Contains(x.dtype))
                throw new ArgumentException($"{modality} metric: {role} dtype is {x.dtype}, expected {dtypesText} (prediction {prediction.dtype}, reference {reference.dtype}).");
            var shapeOk = x.dim() == layout.Length && layout.Zip(x.shape).All(p => p.First < 0 || p.First == p.Second);
            if (!shapeOk)
                throw new ArgumentException($"{modality} metric: {role} has shape {StoredTensor.Text(x.shape)}, expected {layoutText} (prediction {StoredTensor.Text(prediction.shape)}, reference {StoredTensor.Text(reference.shape)}).");
        }
    }

    /// <summary><see cref="CheckEach"/>, then an <see cref="ArgumentException"/> unless both shapes are equal (pixel-aligned modalities).</summary>
    public static void CheckAligned(string modality, torch.Tensor prediction, torch.Tensor reference, torch.ScalarType[] dtypes, string dtypesText, long[] layout, string layoutText)
    {
        CheckEach(modality, prediction, reference, dtypes, dtypesText, layout, layoutText);
        if (!prediction.shape.SequenceEqual(reference.shape))
            throw new ArgumentException($"{modality} metric: prediction shape {StoredTensor.Text(prediction.shape)} differs from reference shape {StoredTensor.Text(reference.shape)}.");
    }

    /// <summary>Float16, Float32 or Float64: the float dtypes a stored modality may come in.</summary>
    public static torch.ScalarType[] Floats { get; } = [torch.ScalarType.Float16, torch.ScalarType.Float32, torch.ScalarType.Float64];

    /// <summary>The text of <see cref="Floats"/>.</summary>
    public const string FloatsText = "Float16, Float32 or Float64";
}
