using System.Numerics;

namespace UnityVideo.Synthetic.Scene;

/// <summary>
/// Something in the scene with one instance id: it poses itself at any time as a fixed-order list of
/// primitives (and, for articulated actors, 17 joints), and describes itself for the caption.
/// </summary>
internal abstract class Actor(byte instance)
{
    /// <summary>Instance id in the segmentation buffer.</summary>
    public byte Instance { get; } = instance;

    /// <summary>Class name of the instance ("person", "animal", "box", …).</summary>
    public abstract string ClassName { get; }

    /// <summary>Skeleton convention ("human", "quadruped"), or null for rigid objects.</summary>
    public virtual string? SkeletonKind => null;

    /// <summary>Caption noun phrase, e.g. "a person in red".</summary>
    public abstract string NounPhrase { get; }

    /// <summary>Caption verb for what it does, e.g. "walks" or "waves".</summary>
    public abstract string Verb { get; }

    /// <summary>Whether its position changes, so the caption adds a direction.</summary>
    public abstract bool Travels { get; }

    /// <summary>Ground-level position at <paramref name="time"/> seconds, for captions and layout.</summary>
    public abstract Vector3 Root(float time);

    /// <summary>
    /// Appends this actor's primitives at <paramref name="time"/> to <paramref name="into"/>, always in the same
    /// order, and writes its 17 joints into <paramref name="joints"/> when it has a skeleton.
    /// </summary>
    public abstract void Pose(float time, List<Primitive> into, Span<Vector3> joints);

    /// <summary>A capsule between two points, with a frame whose twist follows <paramref name="hint"/>.</summary>
    protected Primitive Segment(Vector3 a, Vector3 b, float radius, byte part, Material material, Vector3 hint)
    {
        var axis = b - a;
        var len = axis.Length();
        var frame = Geometry.RigidFrame.AlongAxis((a + b) * 0.5f, axis / len, hint);
        return Primitive.Create(PrimitiveKind.Capsule, Instance, part, material, frame, new Vector3(len * 0.5f, radius, 0));
    }

    /// <summary>A sphere whose texture frame is aligned with <paramref name="up"/> and <paramref name="hint"/>.</summary>
    protected Primitive Ball(Vector3 centre, float radius, byte part, Material material, Vector3 up, Vector3 hint) =>
        Primitive.Create(PrimitiveKind.Sphere, Instance, part, material, Geometry.RigidFrame.AlongAxis(centre, up, hint), new Vector3(radius, 0, 0));

    /// <summary>A limb direction: pitch <paramref name="pitch"/> forward from hanging down, then <paramref name="abduct"/> out to <paramref name="side"/>.</summary>
    protected static Vector3 LimbDir(Vector3 up, Vector3 forward, Vector3 side, float pitch, float abduct)
    {
        var (sp, cp) = MathF.SinCos(pitch);
        var (sa, ca) = MathF.SinCos(abduct);
        return -up * (cp * ca) + forward * (sp * ca) + side * sa;
    }
}
