namespace UnityVideo.Synthetic.Skeletons;

/// <summary>The COCO-17 human keypoints, in their standard order (row order of the joints buffer for "human").</summary>
public static class CocoJoints
{
    /// <summary>Skeleton kind string used in <see cref="UnityVideo.Abstractions.SkeletonInstance.Kind"/>.</summary>
    public const string Kind = "human";

    /// <summary>Joint names, index = row.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "nose", "left_eye", "right_eye", "left_ear", "right_ear",
        "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
        "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
    ];

    internal const int Nose = 0, LeftEye = 1, RightEye = 2, LeftEar = 3, RightEar = 4;
    internal const int LeftShoulder = 5, RightShoulder = 6, LeftElbow = 7, RightElbow = 8, LeftWrist = 9, RightWrist = 10;
    internal const int LeftHip = 11, RightHip = 12, LeftKnee = 13, RightKnee = 14, LeftAnkle = 15, RightAnkle = 16;
}
