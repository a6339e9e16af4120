using System.Numerics;
using UnityVideo.Synthetic.Geometry;

namespace UnityVideo.Synthetic.Scene;

/// <summary>A textured rigid object (sphere, box, cylinder or capsule) resting on the ground and moving as a whole.</summary>
internal sealed class RigidActor(
    byte instance, PrimitiveKind kind, Vector3 size, Vector3 start, float yaw, RigidMotion motion,
    Vector3 velocity, float spinRate, float phase, string colourName, Material material) : Actor(instance)
{
    public override string ClassName => kind switch
    {
        PrimitiveKind.Sphere => "sphere",
        PrimitiveKind.Box => "box",
        PrimitiveKind.Cylinder => "cylinder",
        _ => "capsule",
    };

    public override string NounPhrase => $"{CaptionWriter.Article(colourName)} {colourName} {ClassName}";

    public override string Verb => motion switch
    {
        RigidMotion.Slide => "slides",
        RigidMotion.Spin => "spins",
        RigidMotion.Roll => "rolls",
        RigidMotion.Bounce => "bounces",
        _ => "stands still",
    };

    public override bool Travels => motion is RigidMotion.Slide or RigidMotion.Roll;

    public RigidMotion Motion => motion;

    /// <summary>Height of the centre above the ground when resting.</summary>
    private float Rest => kind switch
    {
        PrimitiveKind.Sphere => size.X,
        PrimitiveKind.Box => size.Y,
        PrimitiveKind.Cylinder => motion == RigidMotion.Roll ? size.Y : size.X,
        _ => size.X + size.Y,
    };

    public override Vector3 Root(float time) => Travels ? start + velocity * time : start;

    public override void Pose(float time, List<Primitive> into, Span<Vector3> joints)
    {
        var centre = Root(time) + new Vector3(0, Rest, 0);
        var q = Quaternion.CreateFromAxisAngle(Vector3.UnitY, yaw);
        switch (motion)
        {
            case RigidMotion.Spin:
                q = Quaternion.CreateFromAxisAngle(Vector3.UnitY, yaw + spinRate * time);
                break;
            case RigidMotion.Roll:
                // Rolling without slipping: angle = distance / radius about the axis perpendicular to travel.
                var speed = velocity.Length();
                var axis = Vector3.Normalize(Vector3.Cross(Vector3.UnitY, velocity));
                var radius = kind == PrimitiveKind.Cylinder ? size.Y : size.X;
                var roll = Quaternion.CreateFromAxisAngle(axis, speed * time / radius);
                // A rolling cylinder lies with its axis (local Y) along the roll axis.
                var lie = kind == PrimitiveKind.Cylinder
                    ? Quaternion.CreateFromRotationMatrix(Matrix4x4.CreateWorld(Vector3.Zero, Vector3.Cross(axis, Vector3.UnitY), axis))
                    : q;
                q = Quaternion.Normalize(roll * lie);
                break;
            case RigidMotion.Bounce:
                centre.Y += 0.6f * MathF.Abs(MathF.Sin(2.4f * time + phase));
                break;
        }
        into.Add(Primitive.Create(kind, Instance, 0, material, RigidFrame.Rotated(centre, q), size));
    }
}
