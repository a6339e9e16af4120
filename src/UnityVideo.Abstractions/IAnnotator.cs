using TorchSharp;

namespace UnityVideo.Abstractions;

/// <summary>Produces a modality, in its stored form, from an RGB clip.</summary>
public interface IAnnotator
{
    /// <summary>Annotator name, unique per modality, e.g. "synthetic-gt" or "farneback".</summary>
    string Name { get; }

    /// <summary>The modality it produces (a <see cref="ModalityDescriptor.Name"/>).</summary>
    string Modality { get; }

    /// <summary>
    /// Names of the <see cref="SceneGroundTruth"/> buffers it reads (<see cref="GroundTruthBufferNames"/>); empty when
    /// it needs only the RGB frames, so it can annotate real footage. The host checks the list before it renders, and
    /// refuses, naming the plugin and the buffer, when the synthetic world does not offer one.
    /// </summary>
    IReadOnlyList<string> RequiredBuffers { get; }

    /// <summary>Annotates one clip and returns the stored form.</summary>
    /// <param name="input">RGB frames and, when <see cref="RequiredBuffers"/> is not empty, the scene's ground truth.</param>
    torch.Tensor Annotate(AnnotationInput input);
}
