using System.Numerics;
using System.Text;

namespace UnityVideo.Synthetic.Scene;

/// <summary>
/// Turns a scene graph into one sentence, e.g. "on a beige checkered floor before a slate striped wall, a person in
/// red walks left past a blue box while the camera pans right". Directions are measured in the first frame's camera,
/// as a viewer would describe them.
/// </summary>
internal static class CaptionWriter
{
    /// <summary>
    /// The caption of <paramref name="scene"/> over <paramref name="duration"/> seconds; with
    /// <paramref name="background"/> it starts by naming the floor and the wall (first, so that a prompt cut to the
    /// model's token limit keeps them: they cover most of every frame).
    /// </summary>
    public static string Write(SceneSpec scene, float duration, bool background)
    {
        var cam = scene.Camera.Pose(0);
        var animate = scene.Actors.Where(a => a.SkeletonKind is not null).ToList();
        var objects = scene.Actors.Where(a => a.SkeletonKind is null).ToList();
        var still = objects.Where(o => o.Verb is "stands still" or "spins").ToList();
        var moving = objects.Except(still).ToList();

        var clauses = new List<string>();
        foreach (var a in animate) clauses.Add(Clause(a, cam, duration));
        if (clauses.Count == 0 && moving.Count > 0)
        {
            clauses.Add(Clause(moving[0], cam, duration));
            moving.RemoveAt(0);
        }
        if (clauses.Count == 0 && still.Count > 0)
        {
            clauses.Add(Clause(still[0], cam, duration));
            still.RemoveAt(0);
        }

        var sb = new StringBuilder(background ? BackgroundPhrase(scene) + ", " : "").Append(string.Join(" and ", clauses));
        if (still.Count > 0)
        {
            var travelling = animate.Count > 0 && animate[0].Travels;
            sb.Append(travelling ? " past " : " near ").Append(Join(still.Select(s => s.NounPhrase)));
        }
        foreach (var m in moving) sb.Append(", as ").Append(Clause(m, cam, duration));
        sb.Append(CameraPhrase(scene, duration));
        return sb.ToString();
    }

    // Most of a frame is floor and wall, so a caption that leaves them out leaves a text-to-video model to guess
    // most of the picture's colour.
    private static string BackgroundPhrase(SceneSpec scene) =>
        $"on {Article(scene.GroundColour)} {scene.GroundColour} {Pattern(scene.Ground.Kind)} floor before {Article(scene.BackdropColour)} {scene.BackdropColour} {Pattern(scene.Backdrop.Kind)} wall";

    private static string Pattern(TextureKind kind) => kind switch
    {
        TextureKind.Checker => "checkered",
        TextureKind.Stripes => "striped",
        TextureKind.Noise => "mottled",
        _ => "plain",
    };

    /// <summary>"a" or "an" before <paramref name="word"/>.</summary>
    internal static string Article(string word) => "aeiou".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    private static string Clause(Actor a, CameraPose cam, float duration)
    {
        var text = $"{a.NounPhrase} {a.Verb}";
        return a.Travels ? $"{text} {Direction(a.Root(duration) - a.Root(0), cam)}" : text;
    }

    /// <summary>"left"/"right"/"toward the camera"/"away from the camera", whichever dominates on screen.</summary>
    private static string Direction(Vector3 move, CameraPose cam)
    {
        var dx = Vector3.Dot(move, cam.Right);
        var dz = Vector3.Dot(move, cam.Forward);
        if (MathF.Abs(dx) >= MathF.Abs(dz)) return dx > 0 ? "right" : "left";
        return dz < 0 ? "toward the camera" : "away from the camera";
    }

    private static string CameraPhrase(SceneSpec scene, float duration)
    {
        var c0 = scene.Camera.Pose(0);
        var c1 = scene.Camera.Pose(duration);
        return scene.Camera.Motion switch
        {
            CameraMotion.Pan => $" while the camera pans {(Vector3.Dot(c1.Forward - c0.Forward, c0.Right) > 0 ? "right" : "left")}",
            CameraMotion.Dolly => $" as the camera dollies {(scene.Camera.Rate > 0 ? "in" : "out")}",
            CameraMotion.Orbit => $" as the camera orbits {(Vector3.Dot(c1.Position - c0.Position, c0.Right) > 0 ? "right" : "left")}",
            _ => ", seen by a still camera",
        };
    }

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            1 => list[0],
            2 => $"{list[0]} and {list[1]}",
            _ => string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1],
        };
    }
}
