using System.Numerics;

namespace UnityVideo.Synthetic.Scene;

/// <summary>
/// The scene graph of one clip: actors, camera path, light, and the background (a textured ground plane and a
/// cylindrical backdrop around the set, so every ray meets a surface at finite depth).
/// </summary>
internal sealed record SceneSpec
{
    /// <summary>Foreground actors; actor k has instance id k + 1.</summary>
    public required IReadOnlyList<Actor> Actors { get; init; }

    /// <summary>Camera path.</summary>
    public required CameraRig Camera { get; init; }

    /// <summary>Horizontal field of view in radians.</summary>
    public required float FieldOfView { get; init; }

    /// <summary>Unit direction towards the sun.</summary>
    public required Vector3 LightDir { get; init; }

    /// <summary>Ambient share of the lighting, 0..1.</summary>
    public required float Ambient { get; init; }

    /// <summary>Ground material, evaluated at world (x, 0, z).</summary>
    public required Material Ground { get; init; }

    /// <summary>Name of the ground's main colour (<see cref="Palette.Muted"/>), for the caption.</summary>
    public required string GroundColour { get; init; }

    /// <summary>Backdrop material, evaluated at (arc length, height, 0).</summary>
    public required Material Backdrop { get; init; }

    /// <summary>Name of the backdrop's main colour (<see cref="Palette.Muted"/>), for the caption.</summary>
    public required string BackdropColour { get; init; }

    /// <summary>Backdrop cylinder radius about the world origin, metres.</summary>
    public float BackdropRadius { get; init; } = 16f;
}
