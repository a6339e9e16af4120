using TorchSharp;
using UnityVideo.Abstractions;

namespace UnityVideo.Plugins.Shared;

/// <summary>
/// "synthetic-gt" for a modality whose stored form is one of the synthetic world's buffers as it is: copies the
/// buffer and narrows it to the stored element type (e.g. depth float32 → float16, as the dataset stores it).
/// </summary>
/// <param name="modality">The modality produced.</param>
/// <param name="buffer">The <see cref="GroundTruthBufferNames"/> entry copied.</param>
/// <param name="storedType">Element type of the stored form.</param>
internal sealed class GroundTruthCopyAnnotator(string modality, string buffer, torch.ScalarType storedType) : IAnnotator
{
    /// <inheritdoc />
    public string Name => "synthetic-gt";

    /// <inheritdoc />
    public string Modality => modality;

    /// <inheritdoc />
    public IReadOnlyList<string> RequiredBuffers { get; } = [buffer];

    /// <inheritdoc />
    public torch.Tensor Annotate(AnnotationInput input)
    {
        using var scope = torch.NewDisposeScope();
        var copy = StoredTensor.Buffer(input, modality, Name, buffer).ToTensor(input.Rgb.device); // the buffer's shape
        return copy.to(storedType).MoveToOuterDisposeScope();
    }
}
