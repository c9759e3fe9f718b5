@echo off
rem Starts Isthmus Studio on Windows. Eclipse's native launcher is not obtainable from Maven Central, so this runs
rem the Equinox Java launcher jar with JAVA_HOME's javaw (else the javaw on PATH). The launcher refuses a Java
rem older than 21 (osgi.requiredJavaVersion in configuration\config.ini) with a dialog saying so.
setlocal
set "HERE=%~dp0"
set "JAVAW=javaw.exe"
if defined JAVA_HOME set "JAVAW=%JAVA_HOME%\bin\javaw.exe"
set "LAUNCHER="
for %%f in ("%HERE%plugins\org.eclipse.equinox.launcher_*.jar") do set "LAUNCHER=%%~f"
if not defined LAUNCHER (
  echo Isthmus Studio is incomplete: no plugins\org.eclipse.equinox.launcher_*.jar below %HERE% 1>&2
  exit /b 1
)
start "Isthmus Studio" "%JAVAW%" -Xms256m -Xmx2g -jar "%LAUNCHER%" -install "%HERE%." -configuration "%HERE%configuration" -name "Isthmus Studio" %*
