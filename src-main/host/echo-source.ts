// The echo program shipped into probe namespaces, bundled into the main build as text.
import echoSource from '../../resources/probe/echo.mjs?raw';

export const ECHO_SOURCE: string = echoSource;
