using System.Numerics;

namespace UnityVideo.Synthetic;

/// <summary>
/// A pinhole camera's pose in the world (Y up, metres), with OpenCV axes: image x along <see cref="Right"/>,
/// image y along <see cref="Down"/>, depth along <see cref="Forward"/>. Pixel (i, j) covers [i, i+1) × [j, j+1),
/// so its centre is (i + 0.5, j + 0.5).
/// </summary>
/// <param name="Position">Centre of projection.</param>
/// <param name="Right">Unit image-x axis.</param>
/// <param name="Down">Unit image-y axis.</param>
/// <param name="Forward">Unit optical axis; camera-z depth is measured along it.</param>
public readonly record struct CameraPose(Vector3 Position, Vector3 Right, Vector3 Down, Vector3 Forward)
{
    /// <summary>World point to camera coordinates (x right, y down, z forward).</summary>
    public Vector3 ToCamera(Vector3 world)
    {
        var d = world - Position;
        return new Vector3(Vector3.Dot(d, Right), Vector3.Dot(d, Down), Vector3.Dot(d, Forward));
    }

    /// <summary>Camera coordinates to a world point.</summary>
    public Vector3 ToWorld(Vector3 cam) => Position + Right * cam.X + Down * cam.Y + Forward * cam.Z;

    /// <summary>A camera at <paramref name="position"/> looking at <paramref name="target"/> with the world's Y up.</summary>
    public static CameraPose LookAt(Vector3 position, Vector3 target)
    {
        var f = Vector3.Normalize(target - position);
        var r = Vector3.Normalize(Vector3.Cross(f, Vector3.UnitY));
        var d = Vector3.Cross(f, r);
        return new CameraPose(position, r, d, f);
    }
}
