using TorchSharp;

namespace UnityVideo.Abstractions;

/// <summary>Produces a modality, in its stored form, from an RGB clip.</summary>
public interface IAnnotator
{
    /// <summary>Annotator name, unique per modality, e.g. "synthetic-gt" or "farneback".</summary>
    string Name { get; }

    /// <summary>The modality it produces (a <see cref="ModalityDescriptor.Name"/>).</summary>
    string Modality { get; }

    /// <summary>True when the annotator needs <see cref="AnnotationInput.GroundTruth"/> (synthetic scenes only).</summary>
    bool RequiresGroundTruth { get; }

    /// <summary>Annotates one clip and returns the stored form.</summary>
    /// <param name="input">RGB frames and, when available, the scene's ground-truth buffers.</param>
    torch.Tensor Annotate(AnnotationInput input);
}
