namespace UnityVideo.Synthetic.Skeletons;

/// <summary>
/// DensePose's 14 coarse body parts (the I channel of IUV; 0 = not a body). Each is one capsule or sphere
/// of the human model, whose own surface parametrisation gives U and V.
/// </summary>
public static class BodyParts
{
    /// <summary>Part names, index = I value (index 0 is "none").</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "none", "torso", "right_hand", "left_hand", "left_foot", "right_foot",
        "right_upper_leg", "left_upper_leg", "right_lower_leg", "left_lower_leg",
        "left_upper_arm", "right_upper_arm", "left_lower_arm", "right_lower_arm", "head",
    ];

    internal const byte Torso = 1, RightHand = 2, LeftHand = 3, LeftFoot = 4, RightFoot = 5;
    internal const byte RightUpperLeg = 6, LeftUpperLeg = 7, RightLowerLeg = 8, LeftLowerLeg = 9;
    internal const byte LeftUpperArm = 10, RightUpperArm = 11, LeftLowerArm = 12, RightLowerArm = 13, Head = 14;
}
