; Inno Setup 6 script: turns the PyInstaller folder dist\evcheck\ into one evcheck-<version>-setup.exe.
; Build steps: docs/windows-build.md.   ISCC installer\evcheck.iss   (run from the repository root)
;
; The version is read from dist\evcheck\evcheck.exe, which build_installer.spec stamps with the
; version in pyproject.toml, so there is one place to change it.

#define AppName "evcheck"
#define AppTitle "教育惠民考核佐证材料核查"
#define Dist AddBackslash(SourcePath) + "..\dist\evcheck"
#define AppVersion GetStringFileInfo(Dist + "\evcheck.exe", "ProductVersion")
#if AppVersion == ""
  #error dist\evcheck\evcheck.exe is missing or has no version: run PyInstaller first (docs/windows-build.md)
#endif

[Setup]
; AppId identifies the program for upgrades and uninstall: never change it.
AppId={{5A0E7C2B-8F1D-4C6B-9E57-3D2A1B0C9F41}
AppName={#AppName}
AppVerName={#AppName} {#AppVersion}（{#AppTitle}）
AppVersion={#AppVersion}
AppPublisher=evcheck
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppTitle} 安装程序
; A per-user install needs no administrator: school laptops are often locked down.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#SourcePath}\..\dist\installer
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile={#SourcePath}\..\resources\icons\evcheck.ico
UninstallDisplayIcon={app}\evcheck-gui.exe
UninstallDisplayName={#AppName} {#AppVersion}（{#AppTitle}）
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
; Reviewers' work lives in their user data folder (review files, settings, caches): an upgrade
; or uninstall never touches it, only the program folder.
CloseApplications=yes

[Languages]
; ChineseSimplified.isl is not shipped with Inno Setup: docs/windows-build.md says where to get it.
; Without it the installer speaks English; the program itself is Chinese either way.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole one-folder build: both programs, Qt, Python, resources and licence texts.
Source: "{#Dist}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Files of an older version that the new one no longer has would otherwise be loaded by mistake.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppTitle}"; Filename: "{app}\evcheck-gui.exe"; Comment: "{#AppTitle}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppTitle}"; Filename: "{app}\evcheck-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\evcheck-gui.exe"; Description: "{cm:LaunchProgram,{#AppTitle}}"; Flags: nowait postinstall skipifsilent
