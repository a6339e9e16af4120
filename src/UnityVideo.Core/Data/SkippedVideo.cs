namespace UnityVideo.Core.Data;

/// <summary>A video file <see cref="VideoDatasetBuilder"/> could not (fully) use.</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">Why, as the reader said it.</param>
/// <param name="ClipsKept">Clips cut from it before the failure (0 when it gave none).</param>
public sealed record SkippedVideo(string Path, string Reason, int ClipsKept);
