namespace UnityVideo.Host.Inference;

/// <summary>The frame size of a video's estimates.</summary>
public enum EstimationSize
{
    /// <summary>The model's size: each frame scaled to cover it and centre-cropped, as training clips are.</summary>
    Model,

    /// <summary>
    /// The input's size: each whole frame is resized to the model's size (no crop, so every pixel is estimated) and the
    /// estimates are upsampled back through each modality's codec.
    /// </summary>
    Native,
}
