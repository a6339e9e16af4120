namespace UnityVideo.Plugins.Flow;

/// <summary>How <see cref="FlowCodec"/> maps flow, as a fraction of its scale, onto the model's [-1, 1].</summary>
public enum FlowEncoding
{
    /// <summary>u = sign(f) · √(min(|f| / s, 1)): small motions get a larger amplitude, and noise near zero decodes to tiny flow.</summary>
    Sqrt = 0,

    /// <summary>u = clip(f / s, -1, 1): proportional to the flow.</summary>
    Linear = 1,
}
