namespace UnityVideo.Abstractions;

/// <summary>Which scene instance a row of the joints buffer belongs to, and its skeleton convention.</summary>
/// <param name="InstanceId">Instance id in the segmentation buffer.</param>
/// <param name="Kind">"human" (COCO-17) or "quadruped" (AP-10K-17).</param>
public sealed record SkeletonInstance(int InstanceId, string Kind);
