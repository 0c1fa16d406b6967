import { Module } from '@nestjs/common';
import { DeadLetterService } from './dead-letter.service';
import { SignalResolver } from './signal.resolver';
import { SignalService } from './signal.service';

@Module({ providers: [SignalService, DeadLetterService, SignalResolver] })
export class SignalsModule {}
