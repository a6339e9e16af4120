namespace UnityVideo.Synthetic.Skeletons;

/// <summary>The AP-10K 17 animal keypoints, in their standard order (row order for "quadruped").</summary>
public static class Ap10kJoints
{
    /// <summary>Skeleton kind string used in <see cref="UnityVideo.Abstractions.SkeletonInstance.Kind"/>.</summary>
    public const string Kind = "quadruped";

    /// <summary>Joint names, index = row.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "left_eye", "right_eye", "nose", "neck", "root_of_tail",
        "left_shoulder", "left_elbow", "left_front_paw", "right_shoulder", "right_elbow", "right_front_paw",
        "left_hip", "left_knee", "left_back_paw", "right_hip", "right_knee", "right_back_paw",
    ];

    internal const int LeftEye = 0, RightEye = 1, Nose = 2, Neck = 3, TailRoot = 4;
    internal const int LeftShoulder = 5, LeftElbow = 6, LeftFrontPaw = 7, RightShoulder = 8, RightElbow = 9, RightFrontPaw = 10;
    internal const int LeftHip = 11, LeftKnee = 12, LeftBackPaw = 13, RightHip = 14, RightKnee = 15, RightBackPaw = 16;
}
