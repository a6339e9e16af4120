using System.Numerics;
using UnityVideo.Synthetic.Skeletons;

namespace UnityVideo.Synthetic.Scene;

/// <summary>
/// A dog-like quadruped (AP-10K skeleton) built from capsules, trotting or walking with diagonal leg pairs in
/// phase. Only present when animals are switched on: the held-out zero-shot probe.
/// </summary>
internal sealed class QuadrupedActor(
    byte instance, Vector3 start, float yaw, bool trot, float scale, float phase, string coatName, Material coat)
    : Actor(instance)
{
    private readonly float body = 0.75f * scale, upperLeg = 0.22f * scale, lowerLeg = 0.21f * scale, pawH = 0.04f * scale;
    private readonly float halfWidth = 0.10f * scale;

    public override string ClassName => "animal";

    public override string? SkeletonKind => Ap10kJoints.Kind;

    public override string NounPhrase => $"a {coatName} dog";

    public override string Verb => trot ? "trots" : "walks";

    public override bool Travels => true;

    private float Speed => (trot ? 1.6f : 0.8f) * scale;

    public override Vector3 Root(float time)
    {
        var (s, c) = MathF.SinCos(yaw);
        return start + new Vector3(s, 0, c) * (Speed * time);
    }

    public override void Pose(float time, List<Primitive> into, Span<Vector3> j)
    {
        var (sy, cy) = MathF.SinCos(yaw);
        var f = new Vector3(sy, 0, cy);
        var left = new Vector3(cy, 0, -sy);
        var up = Vector3.UnitY;

        // ------------------------------------------------------------ gait: diagonal pairs share a phase
        var p = 2 * MathF.PI * (trot ? 2.0f : 1.1f) * time + phase;
        var (sp, cp) = MathF.SinCos(p);
        var amp = trot ? 0.5f : 0.35f;
        float swingA = amp * sp, swingB = -amp * sp;             // A: front-left + back-right
        float bendA = 0.25f + 0.5f * MathF.Max(0, cp), bendB = 0.25f + 0.5f * MathF.Max(0, -cp);

        var up1A = LimbDir(up, f, left, swingA, 0); var lo1A = LimbDir(up, f, left, swingA - bendA, 0);
        var up1B = LimbDir(up, f, left, swingB, 0); var lo1B = LimbDir(up, f, left, swingB - bendB, 0);
        var drop = MathF.Max(-(up1A.Y * upperLeg + lo1A.Y * lowerLeg), -(up1B.Y * upperLeg + lo1B.Y * lowerLeg));
        var root = Root(time);
        var centre = root + up * (pawH + drop + 0.03f * scale);

        // ------------------------------------------------------------ skeleton
        j[Ap10kJoints.Neck] = centre + f * (body * 0.5f) + up * (0.06f * scale);
        j[Ap10kJoints.TailRoot] = centre - f * (body * 0.5f) + up * (0.04f * scale);
        j[Ap10kJoints.LeftShoulder] = centre + f * (body * 0.4f) + left * halfWidth;
        j[Ap10kJoints.RightShoulder] = centre + f * (body * 0.4f) - left * halfWidth;
        j[Ap10kJoints.LeftHip] = centre - f * (body * 0.4f) + left * halfWidth;
        j[Ap10kJoints.RightHip] = centre - f * (body * 0.4f) - left * halfWidth;
        Leg(j, Ap10kJoints.LeftShoulder, Ap10kJoints.LeftElbow, Ap10kJoints.LeftFrontPaw, up1A, lo1A);
        Leg(j, Ap10kJoints.RightHip, Ap10kJoints.RightKnee, Ap10kJoints.RightBackPaw, up1A, lo1A);
        Leg(j, Ap10kJoints.RightShoulder, Ap10kJoints.RightElbow, Ap10kJoints.RightFrontPaw, up1B, lo1B);
        Leg(j, Ap10kJoints.LeftHip, Ap10kJoints.LeftKnee, Ap10kJoints.LeftBackPaw, up1B, lo1B);
        var head = j[Ap10kJoints.Neck] + f * (0.12f * scale) + up * (0.17f * scale);
        j[Ap10kJoints.Nose] = head + f * (0.2f * scale) - up * (0.03f * scale);
        j[Ap10kJoints.LeftEye] = head + Vector3.Normalize(f * 0.6f + up * 0.5f + left * 0.5f) * (0.095f * scale);
        j[Ap10kJoints.RightEye] = head + Vector3.Normalize(f * 0.6f + up * 0.5f - left * 0.5f) * (0.095f * scale);

        // ------------------------------------------------------------ surface, fixed order
        into.Add(Segment(j[Ap10kJoints.TailRoot] + f * (0.08f * scale), j[Ap10kJoints.Neck] - f * (0.1f * scale), 0.14f * scale, 0, coat, up));
        into.Add(Segment(j[Ap10kJoints.Neck] - f * (0.05f * scale), head, 0.065f * scale, 0, coat, left));
        into.Add(Ball(head, 0.1f * scale, 0, coat, up, left));
        into.Add(Segment(head, j[Ap10kJoints.Nose], 0.05f * scale, 0, coat, up));
        foreach (var (a, b, r) in new[]
                 {
                     (Ap10kJoints.LeftShoulder, Ap10kJoints.LeftElbow, 0.05f), (Ap10kJoints.LeftElbow, Ap10kJoints.LeftFrontPaw, 0.038f),
                     (Ap10kJoints.RightShoulder, Ap10kJoints.RightElbow, 0.05f), (Ap10kJoints.RightElbow, Ap10kJoints.RightFrontPaw, 0.038f),
                     (Ap10kJoints.LeftHip, Ap10kJoints.LeftKnee, 0.055f), (Ap10kJoints.LeftKnee, Ap10kJoints.LeftBackPaw, 0.038f),
                     (Ap10kJoints.RightHip, Ap10kJoints.RightKnee, 0.055f), (Ap10kJoints.RightKnee, Ap10kJoints.RightBackPaw, 0.038f),
                 })
            into.Add(Segment(j[a], j[b], r * scale, 0, coat, f));
        var wag = 0.3f * MathF.Sin(2 * MathF.PI * 2.5f * time + phase);
        into.Add(Segment(j[Ap10kJoints.TailRoot], j[Ap10kJoints.TailRoot] - f * (0.28f * scale) + up * (0.14f * scale) + left * (wag * 0.2f * scale), 0.03f * scale, 0, coat, up));
    }

    private void Leg(Span<Vector3> j, int hip, int knee, int paw, Vector3 upper, Vector3 lower)
    {
        j[knee] = j[hip] + upper * upperLeg;
        j[paw] = j[knee] + lower * lowerLeg;
    }
}
