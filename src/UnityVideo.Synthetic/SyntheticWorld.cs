using UnityVideo.Abstractions;
using UnityVideo.Synthetic.Rendering;
using UnityVideo.Synthetic.Scene;

namespace UnityVideo.Synthetic;

/// <summary>
/// The procedural world: draws clip i's scene from (seed, split, i) alone, ray-casts it, and returns RGB plus
/// exact ground truth as named buffers (depth, normals, world positions, instances, IUV, joints, flow). Thread-safe; a clip's bytes never depend on thread count.
/// </summary>
public sealed class SyntheticWorld
{
    /// <summary>Names of the ground-truth buffers every rendered clip offers (<see cref="GroundTruthBufferNames"/>).</summary>
    public static IReadOnlyList<string> BufferNames { get; } =
    [
        GroundTruthBufferNames.Depth, GroundTruthBufferNames.Normals, GroundTruthBufferNames.WorldPositions, GroundTruthBufferNames.InstanceIds,
        GroundTruthBufferNames.PartIuv, GroundTruthBufferNames.Joints, GroundTruthBufferNames.ForwardFlow,
    ];

    /// <summary>Metres a joint may lie behind the surface seen at its pixel and still count as visible.</summary>
    private const float JointMargin = 0.25f;

    /// <summary>Creates a world; <paramref name="options"/> are validated.</summary>
    public SyntheticWorld(SyntheticOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>Options every clip is rendered with.</summary>
    public SyntheticOptions Options { get; }

    /// <summary>Renders clip <paramref name="index"/>, its rows spread over <see cref="SyntheticOptions.MaxDegreeOfParallelism"/> threads.</summary>
    public SyntheticClip Render(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var rng = new ClipRandom(Options.Seed, Options.Split, index);
        var scene = SceneGenerator.Generate(rng, Options.WithAnimals);
        return Render(scene, index, Options.MaxDegreeOfParallelism);
    }

    /// <summary>
    /// Renders clips <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1, one clip per
    /// thread (better than splitting rows for small frames). Same bytes as <see cref="Render(int)"/>.
    /// </summary>
    public SyntheticClip[] RenderBatch(int first, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var clips = new SyntheticClip[count];
        var po = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(0, count, po, i =>
        {
            var rng = new ClipRandom(Options.Seed, Options.Split, first + i);
            clips[i] = Render(SceneGenerator.Generate(rng, Options.WithAnimals), first + i, 1);
        });
        return clips;
    }

    /// <summary>Renders a given scene; used by <see cref="Render(int)"/> and by tests that build scenes by hand.</summary>
    internal SyntheticClip Render(SceneSpec scene, int index, int maxDegreeOfParallelism)
    {
        int t = Options.Frames, h = Options.Height, w = Options.Width;
        var dt = (float)(1.0 / Options.Fps);

        // Pose T + 1 instants: the extra one gives the last frame's forward flow.
        var frames = new PosedFrame[t + 1];
        for (var i = 0; i <= t; i++) frames[i] = PosedFrame.At(scene, i * dt);

        var renderer = new ClipRenderer(scene, frames, w, h, Options.Supersampling);
        if (maxDegreeOfParallelism == 1)
        {
            for (var row = 0; row < t * h; row++) renderer.RenderRow(row / h, row % h);
        }
        else
        {
            var po = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
            Parallel.For(0, t * h, po, row => renderer.RenderRow(row / h, row % h));
        }

        // ------------------------------------------------------------ skeletons and classes
        var skeletonActors = scene.Actors.Where(a => a.SkeletonKind is not null).ToList();
        var skeletonIds = skeletonActors.Select(a => a.Instance).ToList();
        var joints = new float[t * skeletonActors.Count * GroundTruthBufferNames.JointsPerSkeleton * 3];
        for (var i = 0; i < t; i++) renderer.ProjectJoints(i, joints, skeletonIds, JointMargin);
        var classes = new List<string> { "background" };
        classes.AddRange(scene.Actors.Select(a => a.ClassName));

        var gt = new SceneGroundTruth
        {
            Frames = t,
            Height = h,
            Width = w,
            Buffers = new[]
            {
                GroundTruthBuffer.Of(GroundTruthBufferNames.Depth, renderer.Depth, t, h, w),
                GroundTruthBuffer.Of(GroundTruthBufferNames.Normals, renderer.Normals, t, h, w, 3),
                GroundTruthBuffer.Of(GroundTruthBufferNames.WorldPositions, renderer.WorldPositions, t, h, w, 3),
                GroundTruthBuffer.Of(GroundTruthBufferNames.InstanceIds, renderer.Instances, t, h, w),
                GroundTruthBuffer.Of(GroundTruthBufferNames.PartIuv, renderer.Iuv, t, h, w, 3),
                GroundTruthBuffer.Of(GroundTruthBufferNames.Joints, joints, t, skeletonActors.Count, GroundTruthBufferNames.JointsPerSkeleton, 3),
                GroundTruthBuffer.Of(GroundTruthBufferNames.ForwardFlow, renderer.Flow, t, h, w, 2),
            }.ToDictionary(b => b.Name, StringComparer.Ordinal),
            InstanceClasses = classes,
            Skeletons = skeletonActors.Select(a => new SkeletonInstance(a.Instance, a.SkeletonKind!)).ToList(),
            Intrinsics = renderer.Intrinsics,
        };
        return new SyntheticClip
        {
            Rgb = renderer.Rgb,
            GroundTruth = gt,
            Cameras = frames.Select(f => f.Camera).ToList(),
            Caption = CaptionWriter.Write(scene, (t - 1) * dt, Options.CaptionsNameBackground),
            Seed = Options.Seed,
            Index = index,
            Split = Options.Split,
            Fps = Options.Fps,
        };
    }
}
