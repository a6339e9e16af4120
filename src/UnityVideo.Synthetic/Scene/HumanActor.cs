using System.Numerics;
using UnityVideo.Synthetic.Skeletons;

namespace UnityVideo.Synthetic.Scene;

/// <summary>
/// An articulated person of 14 capsules/spheres (one per DensePose coarse part) driven by forward kinematics.
/// Bone lengths are fixed, so every part moves rigidly between frames and the surface flow stays exact.
/// </summary>
internal sealed class HumanActor(
    byte instance, Vector3 start, float yaw, HumanMotion motion, float scale, float phase, float turnRate,
    string shirtName, Material shirt, Material pants, Material skin) : Actor(instance)
{
    // ---------------------------------------------------------------- body dimensions (metres at scale 1)
    private readonly float thigh = 0.45f * scale, shin = 0.44f * scale, ankleH = 0.07f * scale;
    private readonly float upperArm = 0.30f * scale, forearm = 0.26f * scale;
    private readonly float torso = 0.50f * scale, hipHalf = 0.10f * scale, shoulderHalf = 0.19f * scale, headR = 0.11f * scale;

    public HumanMotion Motion { get; } = motion;

    public override string ClassName => "person";

    public override string? SkeletonKind => CocoJoints.Kind;

    public override string NounPhrase => $"a person in {shirtName}";

    public override string Verb => Motion switch
    {
        HumanMotion.Walk => "walks",
        HumanMotion.Run => "runs",
        HumanMotion.Wave => "waves",
        HumanMotion.Jump => "jumps",
        _ => "turns around",
    };

    public override bool Travels => Motion is HumanMotion.Walk or HumanMotion.Run;

    private float Speed => Motion switch { HumanMotion.Walk => 1.3f * scale, HumanMotion.Run => 3.0f * scale, _ => 0f };

    private float Yaw(float time) => yaw + (Motion == HumanMotion.Turn ? turnRate * time : 0f);

    public override Vector3 Root(float time)
    {
        var (s, c) = MathF.SinCos(yaw);
        return start + new Vector3(s, 0, c) * (Speed * time);
    }

    public override void Pose(float time, List<Primitive> into, Span<Vector3> j)
    {
        // ------------------------------------------------------------ body frame
        var (sy, cy) = MathF.SinCos(Yaw(time));
        var f = new Vector3(sy, 0, cy);                 // facing
        var left = new Vector3(cy, 0, -sy);             // anatomical left = up × facing
        var up = Vector3.UnitY;

        // ------------------------------------------------------------ joint angles for this instant
        float hipL, hipR, kneeL, kneeR, armL, armR, elbow, abductL = 0.08f, abductR = 0.08f, lean, lift = 0f;
        float? waveForearm = null;
        var cycle = Motion == HumanMotion.Run ? 1.4f : 0.9f;
        var p = 2 * MathF.PI * cycle * time + phase;
        var (sp, cp) = MathF.SinCos(p);
        switch (Motion)
        {
            case HumanMotion.Walk:
            case HumanMotion.Turn:
                var amp = Motion == HumanMotion.Walk ? 1f : 0.45f;
                hipL = 0.45f * amp * sp; hipR = -hipL;
                kneeL = 0.1f + 0.6f * amp * MathF.Max(0, cp); kneeR = 0.1f + 0.6f * amp * MathF.Max(0, -cp);
                armL = -0.35f * amp * sp; armR = -armL; elbow = 0.35f; lean = 0.04f;
                break;
            case HumanMotion.Run:
                hipL = 0.8f * sp; hipR = -hipL;
                kneeL = 0.3f + 1.2f * MathF.Max(0, cp); kneeR = 0.3f + 1.2f * MathF.Max(0, -cp);
                armL = -0.7f * sp; armR = -armL; elbow = 1.4f; lean = 0.2f;
                break;
            case HumanMotion.Jump:
                var c = (time * 1.1f + phase / (2 * MathF.PI)) % 1f;
                var air = c < 0.5f ? MathF.Sin(2 * MathF.PI * c) : 0f;         // in flight
                var crouch = c >= 0.5f ? MathF.Sin(2 * MathF.PI * (c - 0.5f)) : 0f; // landing and take-off
                lift = 0.35f * scale * air;
                hipL = hipR = 0.9f * crouch + 0.3f * air;
                kneeL = kneeR = 1.7f * crouch + 0.5f * air;
                armL = armR = -0.6f * crouch + 2.2f * air; elbow = 0.3f; lean = 0.25f * crouch;
                break;
            default: // wave
                hipL = hipR = 0.02f; kneeL = kneeR = 0.05f; armL = 0.05f; armR = 0f; elbow = 0.2f; lean = 0f;
                abductR = 1.9f;
                waveForearm = 2.7f + 0.35f * MathF.Sin(2 * MathF.PI * 1.8f * time + phase);
                break;
        }

        // ------------------------------------------------------------ legs: pelvis height keeps the lower foot on the ground
        var thighL = LimbDir(up, f, left, hipL, 0);
        var thighR = LimbDir(up, f, -left, hipR, 0);
        var shinL = LimbDir(up, f, left, hipL - kneeL, 0);
        var shinR = LimbDir(up, f, -left, hipR - kneeR, 0);
        var dropL = -(thighL.Y * thigh + shinL.Y * shin);
        var dropR = -(thighR.Y * thigh + shinR.Y * shin);
        var root = Root(time);
        var pelvis = root + up * (ankleH + MathF.Max(dropL, dropR) + lift);
        var spine = Vector3.Normalize(up * MathF.Cos(lean) + f * MathF.Sin(lean));

        j[CocoJoints.LeftHip] = pelvis + left * hipHalf;
        j[CocoJoints.RightHip] = pelvis - left * hipHalf;
        j[CocoJoints.LeftKnee] = j[CocoJoints.LeftHip] + thighL * thigh;
        j[CocoJoints.RightKnee] = j[CocoJoints.RightHip] + thighR * thigh;
        j[CocoJoints.LeftAnkle] = j[CocoJoints.LeftKnee] + shinL * shin;
        j[CocoJoints.RightAnkle] = j[CocoJoints.RightKnee] + shinR * shin;

        // ------------------------------------------------------------ trunk, arms, head
        var neck = pelvis + spine * torso;
        j[CocoJoints.LeftShoulder] = neck + left * shoulderHalf - spine * (0.04f * scale);
        j[CocoJoints.RightShoulder] = neck - left * shoulderHalf - spine * (0.04f * scale);
        var upperL = LimbDir(spine, f, left, armL, abductL);
        var upperR = LimbDir(spine, f, -left, armR, abductR);
        var foreL = LimbDir(spine, f, left, armL + elbow, abductL);
        var foreR = waveForearm is { } w ? LimbDir(spine, f, -left, 0.15f, w) : LimbDir(spine, f, -left, armR + elbow, abductR);
        j[CocoJoints.LeftElbow] = j[CocoJoints.LeftShoulder] + upperL * upperArm;
        j[CocoJoints.RightElbow] = j[CocoJoints.RightShoulder] + upperR * upperArm;
        j[CocoJoints.LeftWrist] = j[CocoJoints.LeftElbow] + foreL * forearm;
        j[CocoJoints.RightWrist] = j[CocoJoints.RightElbow] + foreR * forearm;

        var head = neck + spine * (0.05f * scale + headR);
        j[CocoJoints.Nose] = head + f * (headR * 0.97f) - spine * (0.02f * scale);
        j[CocoJoints.LeftEye] = head + Vector3.Normalize(f * 0.85f + spine * 0.3f + left * 0.4f) * (headR * 0.97f);
        j[CocoJoints.RightEye] = head + Vector3.Normalize(f * 0.85f + spine * 0.3f - left * 0.4f) * (headR * 0.97f);
        j[CocoJoints.LeftEar] = head + left * (headR * 0.97f);
        j[CocoJoints.RightEar] = head - left * (headR * 0.97f);

        // ------------------------------------------------------------ surface: one primitive per DensePose part, fixed order
        into.Add(Segment(pelvis - spine * (0.02f * scale), neck - spine * (0.10f * scale), 0.15f * scale, Skeletons.BodyParts.Torso, shirt, left));
        into.Add(Ball(head, headR, Skeletons.BodyParts.Head, skin, spine, left));
        into.Add(Segment(j[CocoJoints.LeftShoulder], j[CocoJoints.LeftElbow], 0.055f * scale, Skeletons.BodyParts.LeftUpperArm, shirt, f));
        into.Add(Segment(j[CocoJoints.RightShoulder], j[CocoJoints.RightElbow], 0.055f * scale, Skeletons.BodyParts.RightUpperArm, shirt, f));
        into.Add(Segment(j[CocoJoints.LeftElbow], j[CocoJoints.LeftWrist], 0.045f * scale, Skeletons.BodyParts.LeftLowerArm, skin, f));
        into.Add(Segment(j[CocoJoints.RightElbow], j[CocoJoints.RightWrist], 0.045f * scale, Skeletons.BodyParts.RightLowerArm, skin, f));
        into.Add(Segment(j[CocoJoints.LeftWrist], j[CocoJoints.LeftWrist] + foreL * (0.09f * scale), 0.045f * scale, Skeletons.BodyParts.LeftHand, skin, f));
        into.Add(Segment(j[CocoJoints.RightWrist], j[CocoJoints.RightWrist] + foreR * (0.09f * scale), 0.045f * scale, Skeletons.BodyParts.RightHand, skin, f));
        into.Add(Segment(j[CocoJoints.LeftHip], j[CocoJoints.LeftKnee], 0.08f * scale, Skeletons.BodyParts.LeftUpperLeg, pants, f));
        into.Add(Segment(j[CocoJoints.RightHip], j[CocoJoints.RightKnee], 0.08f * scale, Skeletons.BodyParts.RightUpperLeg, pants, f));
        into.Add(Segment(j[CocoJoints.LeftKnee], j[CocoJoints.LeftAnkle], 0.06f * scale, Skeletons.BodyParts.LeftLowerLeg, pants, f));
        into.Add(Segment(j[CocoJoints.RightKnee], j[CocoJoints.RightAnkle], 0.06f * scale, Skeletons.BodyParts.RightLowerLeg, pants, f));
        var toe = f * (0.16f * scale) - up * (0.03f * scale);
        into.Add(Segment(j[CocoJoints.LeftAnkle], j[CocoJoints.LeftAnkle] + toe, 0.045f * scale, Skeletons.BodyParts.LeftFoot, skin with { A = new Vector3(0.15f, 0.12f, 0.1f) }, left));
        into.Add(Segment(j[CocoJoints.RightAnkle], j[CocoJoints.RightAnkle] + toe, 0.045f * scale, Skeletons.BodyParts.RightFoot, skin with { A = new Vector3(0.15f, 0.12f, 0.1f) }, left));
    }
}
