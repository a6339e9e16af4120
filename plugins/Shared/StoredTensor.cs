using System.Globalization;
using TorchSharp;
using UnityVideo.Abstractions;

namespace UnityVideo.Plugins.Shared;

/// <summary>
/// Shape and dtype checks shared by the bundled codecs and annotators. Compiled into each plugin assembly as
/// a linked source file (plugins reference only the contracts, never one another).
/// </summary>
internal static class StoredTensor
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the modality and the expected shape when
    /// <paramref name="tensor"/> does not have <paramref name="expected"/> (−1 = any size) or one of
    /// <paramref name="dtypes"/>.
    /// </summary>
    public static void Require(torch.Tensor tensor, string modality, string role, long[] expected, string expectedText, params torch.ScalarType[] dtypes)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.shape;
        var shapeOk = shape.Length == expected.Length && expected.Zip(shape).All(p => p.First < 0 || p.First == p.Second);
        if (shapeOk && dtypes.Contains(tensor.dtype)) return;
        var wanted = string.Join(" or ", dtypes.Select(d => d.ToString()));
        throw new ArgumentException(
            $"{modality}: the {role} must be {wanted} {expectedText} = {Text(expected)}; got {tensor.dtype} {Text(shape)}.", role);
    }

    /// <summary>
    /// The ground-truth buffer <paramref name="buffer"/> of an annotation input, or an error naming the modality, the
    /// annotator and the buffer: when the clip has no ground truth (real footage) or the scene does not offer it.
    /// </summary>
    public static GroundTruthBuffer Buffer(AnnotationInput input, string modality, string annotator, string buffer)
    {
        ArgumentNullException.ThrowIfNull(input);
        var gt = input.GroundTruth
            ?? throw new ArgumentException(
                $"{modality}: annotator '{annotator}' reads the synthetic world's ground-truth buffer '{buffer}', but this clip has none (AnnotationInput.GroundTruth is null); use it on synthetic clips only.",
                nameof(input));
        return gt.Buffer(buffer, $"{modality}: annotator '{annotator}'");
    }

    /// <summary>Throws an <see cref="ArgumentException"/> unless <paramref name="frames"/> is <c>[T, H, W, 3]</c>: the RGB frames a visualization reader takes.</summary>
    public static void RequireFrames(torch.Tensor frames)
    {
        if (frames.ndim != 4 || frames.shape[3] != 3) throw new ArgumentException($"frames must be [T, H, W, 3], got {Text(frames.shape)}.", nameof(frames));
    }

    /// <summary>A shape as "[4, 32, 32]", with "?" for a free size.</summary>
    public static string Text(IEnumerable<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture))) + "]";
}
